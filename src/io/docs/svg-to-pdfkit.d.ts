// Types of svg-to-pdfkit (the package ships none): draws an SVG string into a pdfkit document.
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    /** Treat unitless SVG lengths as points. */
    assumePt?: boolean;
    /** The name of a registered pdfkit font for an SVG font family. */
    fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
  }
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x?: number,
    y?: number,
    options?: SvgToPdfOptions,
  ): void;
}
