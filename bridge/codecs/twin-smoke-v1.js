// twin-smoke-v1: the street-twin v1 payload of a smoke sensor (bridge/codecs/README.md). ChirpStack v4 codec shape.
var ACCEPTS = ["test", "reset"];

function decodeUplink(input) {
  var b = input.bytes;
  // fPort 0: no port, as an NB-IoT platform (OneNET, CTWing) hands the bytes over.
  if ((input.fPort !== 11 && input.fPort !== 0) || b.length !== 6 || b[0] !== 1) return { errors: ['expected a street-twin v1 smoke frame on fPort 11 or 0 (6 bytes)'] };
  var t = (b[4] << 8) | b[5];
  if (t > 0x7fff) t -= 0x10000;
  return { data: { alarm: (b[1] & 1) === 1, smoke_obscuration_pct_m: ((b[2] << 8) | b[3]) / 100, temperature_c: t / 10 } };
}

var COMMANDS = { close_valve: 1, open_valve: 2, test: 3, reset: 4, return_to_ground: 5 };

function encodeDownlink(input) {
  var code = COMMANDS[input.data && input.data.cmd];
  if (!code || ACCEPTS.indexOf(input.data.cmd) === -1) return { errors: ['unknown command ' + String(input.data && input.data.cmd)] };
  return { fPort: 20, bytes: [1, code] };
}
