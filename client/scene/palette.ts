// Marker colours by display state; the legend and the scene read the same table.
export const DISPLAY_COLORS: Record<string, string> = {
  normal: '#2ea043',
  offline: '#6e7681',
  alarm_unacked: '#ff2d2d',
  alarm_acked: '#ff8c1a',
  rtn_unacked: '#f2cc0c',
};
