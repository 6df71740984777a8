/**
 * A record's id as the API gives it (a string of digits) turned into its row's key: -1, which no
 * row has, for anything else (so "abc", "", "1e3" or a 20-digit number find nothing, never a 500).
 */
export function rowId(id: string | null | undefined): number {
  return id && /^\d{1,15}$/.test(id) ? Number(id) : -1;
}
