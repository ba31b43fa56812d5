import { type Dict, int } from './params.js';
import type { Message } from './store/types.js';

export function pageOf<T>(items: T[], query: Dict, size: number): { items: T[]; page: number } {
  const page = Math.max(1, int(query.page) ?? 1);
  return { items: items.slice((page - 1) * size, page * size), page };
}

/** Chatwoot's message window: latest 20, 20 before an id, 100 after an id, or the range between. */
export function messageWindow(messages: Message[], query: Dict): Message[] {
  const sorted = [...messages].sort((a, b) => a.created_at - b.created_at || a.id - b.id);
  const before = int(query.before);
  const after = int(query.after);
  if (before !== undefined && after !== undefined) {
    return sorted.filter((item) => item.id >= after && item.id < before).slice(0, 1000);
  }
  if (before !== undefined) return sorted.filter((item) => item.id < before).slice(-20);
  if (after !== undefined) return sorted.filter((item) => item.id > after).slice(0, 100);
  return sorted.slice(-20);
}
