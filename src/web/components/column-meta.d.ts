// Column metadata the app's tables read: whether a column holds numbers (aligned right), and how
// the column goes into the table's CSV export (money as a plain decimal, or a value of its own).
import '@tanstack/react-table';

declare module '@tanstack/react-table' {
  // Declaration merging must repeat TanStack's type parameters, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    numeric?: boolean;
    /** The column's value is cents: the CSV writes it as a plain decimal ('1234.50'). */
    money?: boolean;
    /** The column's CSV value, when it is not the sorted value (a ratio, a status); null: left out. */
    csv?: ((row: TData) => string | number | boolean | null) | null;
  }
}
