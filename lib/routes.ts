/** URL of a material's overview page. */
export function materialHref(materialSlug: string): string {
  return `/materials/${materialSlug}`;
}

/** URL of a section page, optionally pointing at one paragraph. */
export function sectionHref(materialSlug: string, sectionSlug: string, paragraphId?: string): string {
  const base = `/materials/${materialSlug}/${sectionSlug}`;
  return paragraphId ? `${base}#${paragraphId}` : base;
}

/** URL of a material's self-test page, or of one attempt's result on it. */
export function testHref(materialSlug: string, attemptId?: string): string {
  const base = `/materials/${materialSlug}/test`;
  return attemptId ? `${base}?attempt=${encodeURIComponent(attemptId)}` : base;
}

/** URL of the reader's printable 结业证明 for a completed material. */
export function certificateHref(materialSlug: string): string {
  return `/me/certificates/${materialSlug}`;
}

/** Public URL that verifies a certificate's code. */
export function verifyHref(code: string): string {
  return `/verify/${encodeURIComponent(code)}`;
}
