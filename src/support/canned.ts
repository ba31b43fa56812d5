import { id, type Json, list, payloadOf, record, text } from './shapes.js';

export interface CannedResponse {
  id: number;
  shortCode: string;
  content: string;
}

const STOP_WORDS = new Set(
  'the and for you your with this that have has are was were will can could would should our not but from they them their there what when where which who how its his her she him about into just than then also been being any all some more very'.split(
    ' ',
  ),
);

/** Lower-case words of three letters or more, without the commonest English ones. */
export function wordsOf(value: string): Set<string> {
  return new Set(
    value
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 3 && !STOP_WORDS.has(word)),
  );
}

/** Words the customer wrote count this many times more than the agents' replies, notes and labels. */
const CUSTOMER_WEIGHT = 3;

/**
 * The canned responses sharing the most distinct words with the conversation, best first, none without any.
 * The reply answers the customer, so their words weigh more than the rest of the conversation's.
 */
export function rankCannedResponses(
  reply: unknown,
  conversation: { customerText: string; otherText: string },
  limit = 5,
): CannedResponse[] {
  const customer = wordsOf(conversation.customerText);
  const other = wordsOf(conversation.otherText);
  return list(payloadOf(reply))
    .map(record)
    .map((row: Json) => ({
      id: id(row.id),
      shortCode: text(row.short_code) ?? '',
      content: text(row.content) ?? '',
    }))
    .filter((row): row is CannedResponse => row.id !== undefined)
    .map((row) => ({
      row,
      score: [...wordsOf(`${row.shortCode} ${row.content}`)].reduce(
        (sum, word) => sum + (customer.has(word) ? CUSTOMER_WEIGHT : other.has(word) ? 1 : 0),
        0,
      ),
    }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ row }) => row);
}
