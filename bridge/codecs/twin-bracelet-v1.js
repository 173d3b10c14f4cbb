// twin-bracelet-v1: the street-twin v1 payload of a bracelet sensor (bridge/codecs/README.md). ChirpStack v4 codec shape.
var ACCEPTS = ["test"];

function int32(b, i) { return (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]; }

function decodeUplink(input) {
  var b = input.bytes;
  // fPort 0: no port, as an NB-IoT platform (OneNET, CTWing) hands the bytes over.
  if ((input.fPort !== 15 && input.fPort !== 0) || b.length !== 11 || b[0] !== 1) return { errors: ['expected a street-twin v1 bracelet frame on fPort 15 or 0 (11 bytes)'] };
  return { data: { heart_rate_bpm: b[1], fall_detected: (b[2] & 1) === 1, sos: (b[2] & 2) === 2, x_m: int32(b, 3) / 10, y_m: int32(b, 7) / 10 } };
}

var COMMANDS = { close_valve: 1, open_valve: 2, test: 3, reset: 4, return_to_ground: 5 };

function encodeDownlink(input) {
  var code = COMMANDS[input.data && input.data.cmd];
  if (!code || ACCEPTS.indexOf(input.data.cmd) === -1) return { errors: ['unknown command ' + String(input.data && input.data.cmd)] };
  return { fPort: 20, bytes: [1, code] };
}
