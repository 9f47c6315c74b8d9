/**
 * Phrases that try to steer the model rather than describe a product or a need. Nothing is
 * refused on these alone — the output checks (validate-reply.ts, the system-prompt check) are
 * what keep a turn safe; the signals make each attempt visible in the trace for support.
 */
const SIGNALS: Array<[string, RegExp]> = [
  ['override_instructions', /\b(ignore|disregard|forget|override|bypass)\b[^.]{0,40}\b(instructions?|rules|prompt|guidelines|above|previous|prior|cards|context)\b/i],
  ['new_instructions', /\b(new|updated|real|hidden)\s+(instructions?|rules|system\s+prompt)\b|###\s*instruction|\binstruction\s*:/i],
  ['reveal_prompt', /\b(system|initial|hidden|original)\s+(prompt|message|instructions?)\b|\b(prompt\s+template|your\s+(instructions|rules|prompt|configuration))\b|\brepeat\s+(the\s+)?(text|words)\s+above\b/i],
  ['role_play', /\b(you\s+are\s+now|act\s+as|pretend\s+(to\s+be|you\s+are)|developer\s+mode|jailbreak|\bDAN\b|sudo\b)/i],
  ['fake_markup', /<\/?\s*(system|assistant|developer|shopper|cards|product|instructions?)\s*>|^\s*(system|assistant)\s*:/im],
  ['secret_request', /\b(api[\s_-]?key|password|secret|token|credentials|environment\s+variable|OPENAI_API_KEY|DATABASE_URL)\b/i],
  ['price_override', /\b(set|change|make|say|tell)\b[^.]{0,40}\b(price|cost)s?\b[^.]{0,30}(\$\s?\d|free|zero)|\b(100\s?%|free)\s+(discount|coupon)|\bdiscount\s+code\b/i],
  ['exfiltration_link', /!\[[^\]]*\]\(|https?:\/\/|\bwww\.[a-z0-9-]+\./i],
  ['foreign_language_override', /\b(ignora|ignorez|ignoriere|negeer)\b/i],
];

/** The names of the signals found in `text` (empty when it reads like ordinary shopping). */
export function injectionSignals(text: string): string[] {
  return SIGNALS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}
