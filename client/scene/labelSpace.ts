// The screen space people's labels take this frame (AvatarLabels writes it, PlaceLabels reads it): a place's name
// never covers a person's (issue 34: an avatar's label over 社区应急服务站). Boxes in canvas pixels.
export interface LabelBox { x0: number; x1: number; y0: number; y1: number }

export const peopleLabels: LabelBox[] = [];

/** A label's width in pixels, near enough to keep labels apart: a Chinese character about 13 px, a Latin one 7. */
export const labelWidth = (text: string, padding = 12) => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 13 : 7), 0) + padding;
