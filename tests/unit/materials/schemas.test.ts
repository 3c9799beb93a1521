import { z } from "zod";
import { describe, expect, it } from "vitest";
import { publishMaterialSchema, reviseMaterialSchema } from "@/lib/materials/schemas";

const valid = { slug: "party-rules-2024", title: "条例", description: "", order: "", audience: "all", sections: [{ slug: "intro", title: "导言", paragraphs: [{ kind: "paragraph", text: "正文。", flags: ["junk"] }] }] };
const errorsOf = (input: unknown) => {
  const parsed = publishMaterialSchema.safeParse(input);
  return parsed.success ? {} : z.flattenError(parsed.error).fieldErrors;
};

describe("the preview editor's payloads", () => {
  it("accepts a valid material, with the order empty or a number", () => {
    expect(publishMaterialSchema.parse(valid).order).toBe("");
    expect(publishMaterialSchema.parse({ ...valid, order: "12" }).order).toBe(12);
    expect(publishMaterialSchema.parse({ ...valid, audience: "7" }).audience).toBe("7");
  });

  it("answers each bad field in Chinese", () => {
    expect(errorsOf({ ...valid, slug: "Party Rules" }).slug).toEqual(["网址名只能由小写字母、数字和连字符组成，例如 party-rules-2024"]);
    expect(errorsOf({ ...valid, slug: "a".repeat(61) }).slug).toEqual(["网址名不超过 60 个字符"]);
    expect(errorsOf({ ...valid, title: "  " }).title).toEqual(["请填写标题"]);
    expect(errorsOf({ ...valid, order: "-1" }).order?.[0]).toBe("排序须为 0 到 100000 的整数");
    expect(errorsOf({ ...valid, order: "abc" }).order?.[0]).toBe("排序须为 0 到 100000 的整数");
    expect(errorsOf({ ...valid, audience: "" }).audience?.[0]).toBe("请选择阅读范围");
  });

  it("refuses unknown fields, unknown paragraph kinds and flags, and a revision without confirm", () => {
    expect(publishMaterialSchema.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(publishMaterialSchema.safeParse({ ...valid, sections: [{ ...valid.sections[0], paragraphs: [{ kind: "html", text: "<b>", flags: [] }] }] }).success).toBe(false);
    expect(publishMaterialSchema.safeParse({ ...valid, sections: [{ ...valid.sections[0], paragraphs: [{ kind: "paragraph", text: "x", flags: ["evil"] }] }] }).success).toBe(false);
    const { slug: _slug, audience: _audience, ...revision } = valid;
    expect(reviseMaterialSchema.safeParse(revision).success).toBe(false);
    expect(reviseMaterialSchema.safeParse({ ...revision, confirm: false }).success).toBe(true);
  });
});
