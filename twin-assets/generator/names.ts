// Word lists for generated names and people. Seeded picks keep them reproducible.
import type { Rng } from '../random';

export const COMMUNITY_NAMES: [string, string][] = [
  ['青云', 'Qingyun'], ['锦河', 'Jinhe'], ['望江', 'Wangjiang'], ['金沙', 'Jinsha'],
  ['玉林', 'Yulin'], ['桂溪', 'Guixi'], ['红牌楼', 'Hongpailou'], ['双楠', 'Shuangnan'],
];
export const COURTYARD_PREFIXES: [string, string][] = [
  ['纺织厂', 'Textile Mill'], ['粮站', 'Grain Depot'], ['机械厂', 'Machine Works'], ['电力', 'Power Bureau'],
  ['邮电', 'Post Office'], ['铁路', 'Railway'], ['水利', 'Water Bureau'], ['建工', 'Construction Co.'],
  ['财贸', 'Trade Bureau'], ['教育', 'Education Bureau'], ['卫生', 'Health Bureau'], ['供销社', 'Supply Co-op'],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['秀兰', '建国', '桂芳', '玉兰', '德明', '淑珍', '福生', '志强', '丽', '静', '伟', '敏', '军', '芳', '强', '婷', '磊', '洋', '勇', '霞'];
const RELATIONS = ['son', 'daughter', 'niece', 'nephew', 'neighbour', 'grandson'];

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const personName = (rng: Rng) => `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`;
export const relation = (rng: Rng) => pick(rng, RELATIONS);
export const mobile = (rng: Rng) => `+86 13${Math.floor(rng() * 10)} ${String(Math.floor(rng() * 1e4)).padStart(4, '0')} ${String(Math.floor(rng() * 1e4)).padStart(4, '0')}`;
