import { createRandom, type Random } from "./random";

// Word lists for plausible, clearly invented units and people. Only their variety matters: none of
// the place names is meant to be a real city or county.

export const PROVINCE_NAME = "示范省委";

export const CITY_NAMES = ["江州", "云阳", "青川", "临江", "白水", "东岳", "南屏", "西林", "北原", "金城", "玉泉", "长宁", "平湖", "清河"] as const;

const COUNTY_FIRST = "安宁丰兴和永泰新清长广德庆平华嘉建富文昌";
const COUNTY_SECOND = "平宁丰安远山水阳江源川河城乐溪岭";

// Every two-character pair of the lists, in a fixed shuffled order so neighbouring counties do not
// all start alike.
const COUNTY_NAMES: readonly string[] = (() => {
  const pairs: string[] = [];
  for (const first of COUNTY_FIRST) for (const second of COUNTY_SECOND) if (first !== second) pairs.push(first + second);
  const random = createRandom(0x636f756e);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j] ?? "", pairs[i] ?? ""];
  }
  return pairs;
})();

/** County names, unique for the first ~300 counties (a number is added after that). */
export function countyName(index: number): string {
  const base = COUNTY_NAMES[index % COUNTY_NAMES.length] ?? "示范";
  const round = Math.floor(index / COUNTY_NAMES.length);
  return round === 0 ? base : `${base}${round + 1}`;
}

/** A department (部门): its short name, code suffix, and whether it is a Party organ (县委… / 市委…). */
export type DepartmentKind = { short: string; code: string; organ: "party" | "discipline" | "government" };

// The first six exist in every county and city; the bureaus after them are picked at random.
export const CORE_DEPARTMENTS: readonly DepartmentKind[] = [
  { short: "办公室", code: "BGS", organ: "party" },
  { short: "组织部", code: "ZZB", organ: "party" },
  { short: "宣传部", code: "XCB", organ: "party" },
  { short: "纪委监委", code: "JW", organ: "discipline" },
  { short: "统战部", code: "TZB", organ: "party" },
  { short: "政法委", code: "ZFW", organ: "party" },
];

export const BUREAUS: readonly DepartmentKind[] = [
  { short: "发改局", code: "FGJ", organ: "government" },
  { short: "财政局", code: "CZJ", organ: "government" },
  { short: "教育局", code: "JYJ", organ: "government" },
  { short: "人社局", code: "RSJ", organ: "government" },
  { short: "民政局", code: "MZJ", organ: "government" },
  { short: "自然资源局", code: "ZRZYJ", organ: "government" },
  { short: "住建局", code: "ZJJ", organ: "government" },
  { short: "农业农村局", code: "NYNCJ", organ: "government" },
  { short: "卫健委", code: "WJW", organ: "government" },
  { short: "市场监管局", code: "SCJGJ", organ: "government" },
  { short: "审计局", code: "SJJ", organ: "government" },
  { short: "应急管理局", code: "YJGLJ", organ: "government" },
  { short: "交通运输局", code: "JTYSJ", organ: "government" },
  { short: "生态环境局", code: "STHJJ", organ: "government" },
];

/** "县委组织部", "市纪委监委", "县财政局": the department's name as its staff write it. */
export function departmentName(kind: DepartmentKind, level: "市" | "县"): string {
  if (kind.organ === "party") return `${level}委${kind.short}`;
  return `${level}${kind.short}`;
}

const ORDINALS = "一二三四五六七八九";

/** "组织部第一支部" … */
export function branchName(kind: DepartmentKind, index: number): string {
  return `${kind.short}第${ORDINALS[index] ?? index + 1}支部`;
}

// Common surnames, the most frequent ones listed more than once so that they come up more often.
const SURNAMES = "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史";
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏宇浩凯晨欣怡思佳婷雪琳志永春海晓东梅慧丹宁博翔健斌峰亮云洁颖倩鑫蕾琴燕凤彬";

/** A plausible Chinese name: a surname and a given name of one or two characters. */
export function personName(random: Random): string {
  const surname = SURNAMES[Math.floor(random.next() * SURNAMES.length)] ?? "王";
  const first = GIVEN[Math.floor(random.next() * GIVEN.length)] ?? "伟";
  if (random.chance(0.35)) return surname + first;
  const second = GIVEN[Math.floor(random.next() * GIVEN.length)] ?? "华";
  return surname + first + second;
}
