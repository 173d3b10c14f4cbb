// twin-water-level-v1: the street-twin v1 payload of a water level sensor (bridge/codecs/README.md). ChirpStack v4 codec shape.
var ACCEPTS = ["test"];

function decodeUplink(input) {
  var b = input.bytes;
  // fPort 0: no port, as an NB-IoT platform (OneNET, CTWing) hands the bytes over.
  if ((input.fPort !== 12 && input.fPort !== 0) || b.length !== 3 || b[0] !== 1) return { errors: ['expected a street-twin v1 water-level frame on fPort 12 or 0 (3 bytes)'] };
  var cm = (b[1] << 8) | b[2];
  if (cm > 0x7fff) cm -= 0x10000;
  return { data: { level_m: cm / 100 } };
}

var COMMANDS = { close_valve: 1, open_valve: 2, test: 3, reset: 4, return_to_ground: 5 };

function encodeDownlink(input) {
  var code = COMMANDS[input.data && input.data.cmd];
  if (!code || ACCEPTS.indexOf(input.data.cmd) === -1) return { errors: ['unknown command ' + String(input.data && input.data.cmd)] };
  return { fPort: 20, bytes: [1, code] };
}
