/** Reader font sizes offered by the 字号 control, smallest first. */
export const FONT_SIZES = [
  { value: "m", label: "标准" },
  { value: "l", label: "大" },
  { value: "xl", label: "较大" },
  { value: "xxl", label: "特大" },
] as const;

export type FontSize = (typeof FONT_SIZES)[number]["value"];
export const DEFAULT_FONT_SIZE: FontSize = "m";
export const FONT_SIZE_STORAGE_KEY = "xxyd:font-size";

/** Type guard for values read back from localStorage. */
export function isFontSize(value: unknown): value is FontSize {
  return FONT_SIZES.some((size) => size.value === value);
}

/**
 * Applies the saved size before the first paint, so a reader who chose 特大 never sees the text jump.
 * It is a fixed string (no user data), so a Content-Security-Policy can allow it by its hash.
 */
export const FONT_SIZE_BOOT_SCRIPT = `try{var s=localStorage.getItem(${JSON.stringify(FONT_SIZE_STORAGE_KEY)});if(${JSON.stringify(
  FONT_SIZES.map((size) => size.value),
)}.indexOf(s)>=0)document.documentElement.setAttribute("data-font-size",s)}catch(e){}`;
