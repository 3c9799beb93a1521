import { describe, expect, it } from "vitest";
import { toSaveOutcome } from "@/components/notes/notes-client";
import { LONE_SURROGATE_MESSAGE } from "@/lib/schemas/text";
import { createAutosave, describeAutosave, type AutosaveState, type SaveOutcome } from "@/lib/notes/autosave";
import { listPendingNotes, noteDraftKey, readDraft, writeDraft, type DraftStorage } from "@/lib/notes/drafts";
import { checkLength } from "@/lib/notes/rules";

/** localStorage in memory, with key() and length for listing drafts. */
class MemoryDraftStorage implements DraftStorage {
  readonly data = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.data.size;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new DOMException("full", "QuotaExceededError");
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

/** Timers run by hand: advance(ms) fires everything due. */
function manualTimers() {
  let now = 1_000;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    setTimeout: (run: () => void, ms: number) => (due.set(next, { at: now + ms, run }), next++),
    clearTimeout: (id: unknown) => void due.delete(id as number),
    now: () => now,
    async advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        due.delete(id);
        timer.run();
      }
      // Let the save promises settle.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
}

const KEY = noteDraftKey("王建国", "note-1234567890abcdef");

function setup(options: { text?: string; rev?: number; storage?: MemoryDraftStorage; outcomes?: SaveOutcome[] } = {}) {
  const storage = options.storage ?? new MemoryDraftStorage();
  const timers = manualTimers();
  const saves: Array<{ text: string; rev: number }> = [];
  const outcomes = [...(options.outcomes ?? [])];
  const states: AutosaveState[] = [];
  let serverRev = options.rev ?? 1;
  const autosave = createAutosave({
    text: options.text ?? "",
    rev: options.rev ?? 1,
    storage,
    draftKey: KEY,
    save: async (text, rev) => {
      saves.push({ text, rev });
      const outcome = outcomes.shift() ?? { kind: "saved", rev: ++serverRev };
      return outcome;
    },
    validate: (text) => checkLength(text, 20, "笔记"),
    timers,
    delayMs: 800,
    onChange: (state) => states.push(state),
  });
  return { autosave, storage, timers, saves, states, last: () => states.at(-1)! };
}

describe("autosave", () => {
  it("keeps every keystroke in localStorage at once and saves once after the reader pauses", async () => {
    const { autosave, storage, timers, saves, last } = setup();
    autosave.change("学");
    autosave.change("学习");
    expect(readDraft(storage, KEY)?.text).toBe("学习");
    expect(describeAutosave(last())).toBe("未保存");
    await timers.advance(500);
    autosave.change("学习笔记");
    await timers.advance(799);
    expect(saves).toEqual([]);
    await timers.advance(1);
    expect(saves).toEqual([{ text: "学习笔记", rev: 1 }]);
    expect(describeAutosave(last())).toBe("已保存");
    expect(readDraft(storage, KEY)).toBeNull();
  });

  it("shows 保存中 while saving", async () => {
    const { autosave, timers, states } = setup();
    autosave.change("x");
    await timers.advance(800);
    expect(states.map((s) => describeAutosave(s))).toContain("保存中…");
  });

  it("retries with backoff while the network is down, keeping the draft, and then saves", async () => {
    const { autosave, storage, timers, saves, last } = setup({ outcomes: [{ kind: "retry" }, { kind: "retry" }] });
    autosave.change("断网时写的");
    await timers.advance(800);
    expect(describeAutosave(last())).toBe("保存失败，正在重试");
    expect(readDraft(storage, KEY)?.text).toBe("断网时写的");
    await timers.advance(2_000);
    expect(saves).toHaveLength(2);
    await timers.advance(4_000);
    expect(saves).toHaveLength(3);
    expect(describeAutosave(last())).toBe("已保存");
    expect(readDraft(storage, KEY)).toBeNull();
  });

  it("restores unsaved text after a crash or reload and saves it", async () => {
    const storage = new MemoryDraftStorage();
    writeDraft(storage, KEY, { text: "崩溃前没保存的话", rev: 3, at: 1 });
    const { autosave, timers, saves, last } = setup({ text: "服务器上的旧文字", rev: 3, storage });
    expect(autosave.getState()).toMatchObject({ text: "崩溃前没保存的话", restored: true, message: "已恢复上次未保存的内容" });
    await timers.advance(0);
    expect(saves).toEqual([{ text: "崩溃前没保存的话", rev: 3 }]);
    expect(describeAutosave(last())).toBe("已保存");
  });

  it("turns a save based on a stale revision into a conflict with both texts, saving nothing until the reader chooses", async () => {
    const { autosave, storage, timers, saves, last } = setup({ outcomes: [{ kind: "conflict", current: { body: "另一个窗口的版本", rev: 5 } }] });
    autosave.change("这个窗口的版本");
    await timers.advance(800);
    expect(last().conflict).toEqual({ mine: "这个窗口的版本", theirs: "另一个窗口的版本", rev: 5 });
    await timers.advance(60_000);
    expect(saves).toHaveLength(1);
    expect(readDraft(storage, KEY)?.text).toBe("这个窗口的版本");

    autosave.resolve("mine");
    await timers.advance(0);
    expect(saves.at(-1)).toEqual({ text: "这个窗口的版本", rev: 5 });
    expect(describeAutosave(last())).toBe("已保存");
  });

  it("can take the other tab's text instead", async () => {
    const { autosave, storage, timers, last } = setup({ outcomes: [{ kind: "conflict", current: { body: "另一个窗口的版本", rev: 5 } }] });
    autosave.change("这个窗口的版本");
    await timers.advance(800);
    autosave.resolve("theirs");
    expect(last()).toMatchObject({ text: "另一个窗口的版本", rev: 5, status: "saved" });
    expect(readDraft(storage, KEY)).toBeNull();
  });

  it("does not send text over the limit, says why, and keeps it locally", async () => {
    const { autosave, storage, timers, saves, last } = setup();
    autosave.change("字".repeat(25));
    await timers.advance(800);
    expect(saves).toEqual([]);
    expect(last().status).toBe("invalid");
    expect(describeAutosave(last())).toContain("超出 5 字");
    expect(readDraft(storage, KEY)?.text).toHaveLength(25);
  });

  it("stops on a refusal (e.g. signed out) without losing the draft", async () => {
    const { autosave, storage, timers, saves, last } = setup({ outcomes: [{ kind: "refused", message: "登录已过期" }] });
    autosave.change("重要的话");
    await timers.advance(800);
    await timers.advance(60_000);
    expect(saves).toHaveLength(1);
    expect(describeAutosave(last())).toBe("未能保存：登录已过期");
    expect(readDraft(storage, KEY)?.text).toBe("重要的话");
  });

  it("stops on the server's 400 for text it cannot store (an unpaired surrogate) and shows why; a 500 is retried", async () => {
    const refusal = toSaveOutcome({ ok: false, status: 400, error: "invalid_text", message: LONE_SURROGATE_MESSAGE }, () => 0);
    expect(refusal).toEqual({ kind: "refused", message: LONE_SURROGATE_MESSAGE });
    expect(toSaveOutcome({ ok: false, status: 500, error: "internal_error", message: "操作失败，请稍后重试" }, () => 0)).toEqual({ kind: "retry" });
    const { autosave, storage, timers, saves, last } = setup({ outcomes: [refusal] });
    autosave.change("心得a\udc00");
    await timers.advance(800);
    await timers.advance(120_000);
    expect(saves).toHaveLength(1);
    expect(describeAutosave(last())).toBe(`未能保存：${LONE_SURROGATE_MESSAGE}`);
    expect(readDraft(storage, KEY)?.text).toBe("心得a\udc00");
  });

  it("saves text typed during a save in a second save", async () => {
    const { autosave, timers, saves } = setup();
    autosave.change("一");
    await timers.advance(800);
    autosave.change("一二");
    await timers.advance(800);
    expect(saves.map((s) => s.text)).toEqual(["一", "一二"]);
    expect(saves[1]?.rev).toBe(2);
  });
});

describe("drafts of notes not yet created", () => {
  it("are listed per section and owner, so a note made offline is created later", () => {
    const storage = new MemoryDraftStorage();
    const create = { id: "a".repeat(32), material: "m", section: "s1", version: "0123456789ab", paragraphId: "p-0123456789", start: 0, quote: "引文", body: "" };
    writeDraft(storage, noteDraftKey("王建国", create.id), { text: "离线笔记", rev: 0, at: 5, create });
    writeDraft(storage, noteDraftKey("李海燕", "b".repeat(32)), { text: "别人的", rev: 0, at: 6, create: { ...create, id: "b".repeat(32) } });
    writeDraft(storage, noteDraftKey("王建国", "c".repeat(32)), { text: "别的章节", rev: 0, at: 7, create: { ...create, id: "c".repeat(32), section: "s2" } });
    expect(listPendingNotes(storage, "王建国", "m", "s1").map((p) => p.draft.text)).toEqual(["离线笔记"]);
  });

  it("an equal draft of a note not yet created survives the editor's start", () => {
    const storage = new MemoryDraftStorage();
    const create = { id: "d".repeat(32), material: "m", section: "s1", version: "0123456789ab", paragraphId: "p-0123456789", start: 0, quote: "引文", body: "" };
    writeDraft(storage, KEY, { text: "", rev: 0, at: 1, create });
    setup({ text: "", rev: 0, storage });
    expect(readDraft(storage, KEY)?.create?.id).toBe(create.id);
  });
});
