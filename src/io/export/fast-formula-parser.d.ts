// Types of fast-formula-parser (the package ships none): what the workbook's formula results use.
declare module 'fast-formula-parser' {
  export interface CellRef {
    /** Missing in what the dependency parser lists for a reference of the formula's own sheet. */
    sheet: string;
    row: number;
    col: number;
  }
  export interface RangeRef {
    sheet: string;
    from: { row: number; col: number };
    to: { row: number; col: number };
  }
  /** A function argument as the parser hands it over. */
  export interface Param {
    value: unknown;
    isArray?: boolean;
    isRangeRef?: boolean;
    isCellRef?: boolean;
  }
  export interface ParserConfig {
    onCell?: (ref: CellRef) => unknown;
    onRange?: (ref: RangeRef) => unknown[][];
    onVariable?: (name: string, sheet: string) => CellRef | RangeRef | undefined;
    functions?: Record<string, (...params: (Param | undefined)[]) => unknown>;
  }
  export class FormulaError {
    constructor(error: string, details?: unknown);
    error: string;
    static DIV0: FormulaError;
    static NA: FormulaError;
    static NAME: FormulaError;
    static NUM: FormulaError;
    static REF: FormulaError;
    static VALUE: FormulaError;
  }
  /** Lists the cells and ranges a formula refers to, without evaluating it. */
  export class DepParser {
    constructor(config?: Pick<ParserConfig, 'onVariable'>);
    parse(
      formula: string,
      position: CellRef,
    ): ((Omit<CellRef, 'sheet'> | Omit<RangeRef, 'sheet'>) & { sheet?: string })[];
  }
  /** A CommonJS module: its parts are properties of the default export. */
  export default class FormulaParser {
    static FormulaError: typeof FormulaError;
    static DepParser: typeof DepParser;
    constructor(config?: ParserConfig);
    parse(formula: string, position: CellRef, allowReturnArray?: boolean): unknown;
  }
}
