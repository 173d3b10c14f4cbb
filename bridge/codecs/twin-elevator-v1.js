// twin-elevator-v1: the street-twin v1 payload of a elevator sensor (bridge/codecs/README.md). ChirpStack v4 codec shape.
var ACCEPTS = ["return_to_ground", "test", "reset"];

function decodeUplink(input) {
  var b = input.bytes;
  // fPort 0: no port, as an NB-IoT platform (OneNET, CTWing) hands the bytes over.
  if ((input.fPort !== 14 && input.fPort !== 0) || b.length !== 5 || b[0] !== 1) return { errors: ['expected a street-twin v1 elevator frame on fPort 14 or 0 (5 bytes)'] };
  var floor = b[1] > 0x7f ? b[1] - 0x100 : b[1];
  return { data: { floor: floor, door_open: (b[2] & 1) === 1, ebike_detected: (b[2] & 2) === 2, passenger_trapped: (b[2] & 4) === 4, fault_code: (b[3] << 8) | b[4] } };
}

var COMMANDS = { close_valve: 1, open_valve: 2, test: 3, reset: 4, return_to_ground: 5 };

function encodeDownlink(input) {
  var code = COMMANDS[input.data && input.data.cmd];
  if (!code || ACCEPTS.indexOf(input.data.cmd) === -1) return { errors: ['unknown command ' + String(input.data && input.data.cmd)] };
  return { fPort: 20, bytes: [1, code] };
}
