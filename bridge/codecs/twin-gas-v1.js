// twin-gas-v1: the street-twin v1 payload of a gas sensor (bridge/codecs/README.md). ChirpStack v4 codec shape.
var ACCEPTS = ["close_valve", "open_valve", "test", "reset"];

function decodeUplink(input) {
  var b = input.bytes;
  // fPort 0: no port, as an NB-IoT platform (OneNET, CTWing) hands the bytes over.
  if ((input.fPort !== 10 && input.fPort !== 0) || b.length !== 3 || b[0] !== 1) return { errors: ['expected a street-twin v1 gas frame on fPort 10 or 0 (3 bytes)'] };
  return { data: { gas_lel: ((b[1] << 8) | b[2]) / 10 } };
}

var COMMANDS = { close_valve: 1, open_valve: 2, test: 3, reset: 4, return_to_ground: 5 };

function encodeDownlink(input) {
  var code = COMMANDS[input.data && input.data.cmd];
  if (!code || ACCEPTS.indexOf(input.data.cmd) === -1) return { errors: ['unknown command ' + String(input.data && input.data.cmd)] };
  return { fPort: 20, bytes: [1, code] };
}
