#!/usr/bin/env python3
"""The top frames of a JFR recording's execution samples, as the shares quoted in docs/benchmarks.md.

  jfr-top.py FILE.jfr [--top N] [--thread SUBSTRING]       self and inclusive shares of the N top methods
  jfr-top.py FILE.jfr --callers SUBSTRING [--depth D]      the call chains (D frames) leading to a method

Shares are of all execution samples (of the threads whose name contains --thread, if given). Inclusive counts a
method once per sample however often it recurs in the stack. Needs the JDK's `jfr` tool on the PATH.
"""
import argparse
import collections
import json
import subprocess


def samples(path, thread):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        name = (values.get("sampledThread") or {}).get("javaName") or ""
        if thread and thread not in name:
            continue
        frames = []
        for frame in values["stackTrace"]["frames"]:
            method = frame["method"]
            frames.append((method["type"]["name"].split("/")[-1] + "." + method["name"], frame.get("lineNumber")))
        if frames:
            yield frames


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--thread")
    parser.add_argument("--callers")
    parser.add_argument("--depth", type=int, default=6)
    args = parser.parse_args()
    total = 0
    self_counts, inclusive, chains = collections.Counter(), collections.Counter(), collections.Counter()
    for frames in samples(args.file, args.thread):
        total += 1
        if args.callers:
            for i, (name, _) in enumerate(frames):
                if args.callers in name:
                    chains[" <- ".join(f"{n}:{line}" for n, line in frames[i:i + args.depth])] += 1
                    break
            continue
        self_counts[frames[0][0]] += 1
        for name in {name for name, _ in frames}:
            inclusive[name] += 1
    print(f"{total} samples")
    if args.callers:
        for chain, count in chains.most_common(args.top):
            print(f"{100 * count / total:5.1f}%  {chain}")
        return
    print("-- self")
    for name, count in self_counts.most_common(args.top):
        print(f"{100 * count / total:5.1f}%  {name}")
    print("-- inclusive")
    for name, count in inclusive.most_common(args.top):
        print(f"{100 * count / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
