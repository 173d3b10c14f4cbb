// The AAR/IP as a Word file (.docx, the `docx` package): the document's blocks as headings, paragraphs, bullet lists
// and tables, in a font that has Chinese. Built in a worker (it is CPU work on a report of any size).
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Lang } from '../../twin-assets/labels';
import type { Aar } from './aar';
import { aarDocument } from './aarDocument';

export async function aarDocx(aar: Aar, lang: Lang = 'zh'): Promise<Buffer> {
  const { title, blocks } = aarDocument(aar, lang);
  const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  const children = blocks.flatMap((b): (Paragraph | Table)[] => {
    switch (b.kind) {
      case 'h1': return [new Paragraph({ text: b.text, heading: HeadingLevel.TITLE })];
      case 'h2': return [new Paragraph({ text: b.text, heading: HeadingLevel.HEADING_1 })];
      case 'p': return [new Paragraph({ text: b.text })];
      case 'list': return b.items.length ? b.items.map((i) => new Paragraph({ text: i, bullet: { level: 0 } })) : [new Paragraph({ text: '—' })];
      case 'kpiChart': return [];
      case 'table': return [new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [
        ...(b.head.some(Boolean) ? [new TableRow({ tableHeader: true, children: b.head.map((h) => cell(h, true)) })] : []),
        ...(b.rows.length ? b.rows : [b.head.map(() => '—')]).map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
      ] }), new Paragraph({ text: '' })];
    }
  });
  const doc = new Document({
    title, creator: 'street-twin',
    styles: { default: { document: { run: { font: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Microsoft YaHei' } } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
