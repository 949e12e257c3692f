"""Count the words of a text file and print the most frequent ones."""

import collections
import re
import sys

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def top_words(text: str, limit: int = 10) -> list[tuple[str, int]]:
    counts = collections.Counter(word.lower() for word in WORD.findall(text))
    return counts.most_common(limit)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        for word, count in top_words(handle.read()):
            print(f"{count:6}  {word}")


if __name__ == "__main__":
    main()
