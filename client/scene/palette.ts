// Marker colours by display state; the legend and the scene read the same table.
export const DISPLAY_COLORS: Record<string, string> = {
  normal: '#2ea043',
  offline: '#6e7681',
  alarm_unacked: '#ff2d2d',
  alarm_acked: '#ff8c1a',
  rtn_unacked: '#f2cc0c',
};

/** Response grades, as the stylesheet's --lvl-* colours (threshold lines, charts). */
export const LEVEL_COLOURS: Record<string, string> = { I: '#d1242f', II: '#e8590c', III: '#d4a72c', IV: '#3b82c4' };
