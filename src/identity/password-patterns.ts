import { COMMON_PASSWORDS, LONG_COMMON_PASSWORDS } from "./common-passwords.js";

/** Built once, when the module is first loaded; compared after NFKC and lower-casing, like the password. */
const LISTED = new Set(
  [...COMMON_PASSWORDS, ...LONG_COMMON_PASSWORDS].map((entry) => entry.normalize("NFKC").toLowerCase()),
);
const LONGEST_LISTED = Math.max(...[...LISTED].map((entry) => Array.from(entry).length));

/**
 * What people type as a run, forwards or backwards, from any point: the digits, the alphabet, keyboard rows
 * (QWERTY, QWERTZ, AZERTY), rows one after another, columns top-down and bottom-up, and digits zig-zagged with the
 * row below. Each is read round (after its end comes its start): "123456789012" is a run.
 */
const SEQUENCES = [
  "0123456789",
  "abcdefghijklmnopqrstuvwxyz",
  "`1234567890-=",
  "~!@#$%^&*()_+",
  "qwertyuiop[]\\",
  "asdfghjkl;'",
  "zxcvbnm,./",
  "qwertyuiopasdfghjklzxcvbnm",
  "qwertzuiopasdfghjklyxcvbnm",
  "azertyuiopqsdfghjklmwxcvbn",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
  "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
  "qazwsxedcrfvtgbyhnujmikolp",
  "1q2w3e4r5t6y7u8i9o0p",
  "q1w2e3r4t5y6u7i8o9p0",
].flatMap((sequence) => [sequence, Array.from(sequence).reverse().join("")]);

/** Letters people swap for look-alike digits and signs. */
const LOOK_ALIKES: Record<string, string> = {
  "4": "a",
  "@": "a",
  "3": "e",
  "1": "i",
  "!": "i",
  "0": "o",
  "5": "s",
  $: "s",
  "7": "t",
};
const plain = (text: string) => text.replace(/[4@31!05$7]/g, (sign) => LOOK_ALIKES[sign]!);

/** Past this many characters only the whole-password checks run: the piece-by-piece one is quadratic. */
const MAX_PIECEWISE = 64;
/** Shorter units repeated are a pattern whatever the unit ("ab1!ab1!ab1!"); longer ones when the unit is. */
const SHORT_UNIT = 4;
/** Single digits or signs allowed around and between the pieces ("monkey!2024?"). */
const MAX_FILLERS = 2;

function isRun(text: string): boolean {
  const length = Array.from(text).length;
  return SEQUENCES.some((sequence) =>
    sequence.repeat(Math.ceil(length / Array.from(sequence).length) + 1).includes(text),
  );
}

const isYear = (text: string) => /^(19|20)\d\d$/.test(text);
const isListed = (text: string) => LISTED.has(text) || LISTED.has(plain(text));

/** The shortest unit the text is a repetition of, or undefined when it is not one. */
function repeatedUnit(characters: string[]): string | undefined {
  const length = characters.length;
  for (let size = 1; size <= length / 2; size++) {
    if (length % size !== 0) continue;
    let repeats = true;
    for (let at = size; at < length && repeats; at++) repeats = characters[at] === characters[at - size];
    if (repeats) return characters.slice(0, size).join("");
  }
  return undefined;
}

/**
 * Whether the text is covered by guessable pieces, in order: at most one listed password (look-alike signs read as
 * letters: "p@ssw0rd"), any number of years, runs and repeats of at least three characters, and at most two single
 * digits or signs. So "password1234", "monkey2024!!", "1qaz2wsx3edc", "qweasdzxc123" and "abcabcabcabc" are
 * guessable; a listed word with anything unguessable beside it ("dragon-q8#lm") is not.
 */
function coveredByPieces(characters: string[]): boolean {
  const length = characters.length;
  // reached[at][words][fillers]: the first `at` characters are covered with that many words and fillers.
  const reached = Array.from({ length: length + 1 }, () => [
    Array<boolean>(MAX_FILLERS + 1).fill(false),
    Array<boolean>(MAX_FILLERS + 1).fill(false),
  ]);
  reached[0]![0]![0] = true;
  const piece = (from: number, to: number) => characters.slice(from, to).join("");
  for (let at = 0; at < length; at++) {
    for (let words = 0; words <= 1; words++) {
      for (let fillers = 0; fillers <= MAX_FILLERS; fillers++) {
        if (!reached[at]![words]![fillers]) continue;
        const reach = (to: number, addWord: number, addFiller: number) => {
          reached[to]![words + addWord]![fillers + addFiller] = true;
        };
        if (at + 4 <= length && isYear(piece(at, at + 4))) reach(at + 4, 0, 0);
        for (let to = at + 1; to < length && characters[to] === characters[at]; to++)
          if (to - at >= 2) reach(to + 1, 0, 0);
        for (let to = at + 3; to <= length && isRun(piece(at, to)); to++) reach(to, 0, 0);
        if (words === 0) {
          for (let to = at + 1; to <= Math.min(length, at + LONGEST_LISTED); to++) {
            if (isListed(piece(at, to))) reach(to, 1, 0);
          }
        }
        if (fillers < MAX_FILLERS && !/\p{L}/u.test(characters[at]!)) reach(at + 1, 0, 1);
      }
    }
  }
  return reached[length]!.some((byFillers) => byFillers.some(Boolean));
}

/**
 * Whether a password (after NFKC and lower-casing) is one that guessers try early: a listed common password, one
 * with digits, a year or signs added, a run or a keyboard walk, or a short unit (or a guessable one) repeated.
 */
export function isGuessable(folded: string): boolean {
  if (folded === "") return false;
  if (isListed(folded)) return true;
  const characters = Array.from(folded);
  const unit = repeatedUnit(characters);
  if (unit !== undefined && (Array.from(unit).length <= SHORT_UNIT || isGuessable(unit))) return true;
  return characters.length <= MAX_PIECEWISE && coveredByPieces(characters);
}
