"use client";

/** Opens the browser's print dialog (the page's print styles make it an A4 notebook). */
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 print:hidden">
      打印
    </button>
  );
}
