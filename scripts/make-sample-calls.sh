#!/usr/bin/env bash
# Makes the bundled sample calls, samples/calls/<id>.wav, from the readable call
# scripts in samples/scripts/<id>.json, with Debian's flite (speech) and sox.
#
#   scripts/make-sample-calls.sh                 # every script
#   scripts/make-sample-calls.sh good-call ...   # only these
#
# Each turn is spoken by the speaker's voice and placed after the previous one
# with a short pause. Stereo calls ("channels": 2) put the agent on channel 0
# and the customer on channel 1, with silence on the other channel while one
# speaks; mono calls mix both voices into one channel. Output: 8 kHz 16-bit
# PCM WAV, as telephone recordings are. The output is deterministic (no
# dither), so re-running the script reproduces the committed files.
#
# Needs: flite, sox, node  (sudo apt-get install flite sox)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPTS="$ROOT/samples/scripts"
OUT="$ROOT/samples/calls"

# Two clearly different flite voices (see `flite -lv`). kal16 and rms were the
# two that pocketsphinx recognised best after an 8 kHz telephone round trip on
# sentences unrelated to the samples; rms (the customer) was the best at digits.
AGENT_VOICE="${AGENT_VOICE:-kal16}"
CUSTOMER_VOICE="${CUSTOMER_VOICE:-rms}"
# Speaking rate (flite duration_stretch): callers read out card and phone
# numbers a little slower than the agent speaks; 10% slower speech also
# lowered pocketsphinx's digit error rate on unrelated number sentences.
AGENT_STRETCH="${AGENT_STRETCH:-1.0}"
CUSTOMER_STRETCH="${CUSTOMER_STRETCH:-1.1}"
RATE=8000
PAUSE_S=0.7
LEAD_S=0.5

for tool in flite sox node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "make-sample-calls: $tool is not installed (sudo apt-get install flite sox; node >= 20)" >&2
    exit 1
  fi
done
for voice in "$AGENT_VOICE" "$CUSTOMER_VOICE"; do
  if ! flite -lv | tr ' ' '\n' | grep -qx "$voice"; then
    echo "make-sample-calls: flite has no voice \"$voice\" (flite -lv lists them)" >&2
    exit 1
  fi
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Prints "<channels>" and then one "<SPEAKER>\t<text>" line per turn.
read_script() {
  node -e '
    const s = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
    if (![1, 2].includes(s.channels)) throw new Error(`${process.argv[1]}: channels must be 1 or 2`);
    console.log(s.channels);
    for (const t of s.turns) {
      if (!["AGENT", "CUSTOMER"].includes(t.speaker)) throw new Error(`bad speaker ${t.speaker}`);
      console.log(`${t.speaker}\t${t.text.replace(/\s+/g, " ")}`);
    }' "$1"
}

# speak <voice> <stretch> <text> <out.wav>: one turn, mono 8 kHz 16-bit, peak at -3 dBFS.
speak() {
  flite -voice "$1" --setf duration_stretch="$2" -t "$3" -o "$WORK/raw.wav"
  sox -D "$WORK/raw.wav" -r "$RATE" -c 1 -b 16 -e signed-integer "$4" gain -n -3
}

make_call() {
  local id="$1" script="$SCRIPTS/$1.json"
  [[ -f "$script" ]] || { echo "make-sample-calls: no script $script" >&2; exit 1; }
  local lines channels
  mapfile -t lines < <(read_script "$script")
  channels="${lines[0]}"
  local pieces=() i=0 speaker text voice stretch remix
  sox -D -n -r "$RATE" -c "$channels" -b 16 "$WORK/lead.wav" trim 0 "$LEAD_S"
  sox -D -n -r "$RATE" -c "$channels" -b 16 "$WORK/pause.wav" trim 0 "$PAUSE_S"
  pieces+=("$WORK/lead.wav")
  for line in "${lines[@]:1}"; do
    speaker="${line%%$'\t'*}"
    text="${line#*$'\t'}"
    voice="$AGENT_VOICE" stretch="$AGENT_STRETCH"
    [[ "$speaker" == CUSTOMER ]] && voice="$CUSTOMER_VOICE" stretch="$CUSTOMER_STRETCH"
    speak "$voice" "$stretch" "$text" "$WORK/turn-$i.mono.wav"
    if [[ "$channels" == 2 ]]; then
      # remix: the turn on its speaker's channel, silence (0) on the other.
      remix="1 0"
      [[ "$speaker" == CUSTOMER ]] && remix="0 1"
      sox -D "$WORK/turn-$i.mono.wav" "$WORK/turn-$i.wav" remix $remix
    else
      mv "$WORK/turn-$i.mono.wav" "$WORK/turn-$i.wav"
    fi
    pieces+=("$WORK/turn-$i.wav" "$WORK/pause.wav")
    i=$((i + 1))
  done
  mkdir -p "$OUT"
  sox -D "${pieces[@]}" -r "$RATE" -b 16 -e signed-integer "$OUT/$id.wav"
  printf '%-22s %s channel(s), %6.1f s\n' "$id.wav" "$channels" "$(soxi -D "$OUT/$id.wav")"
}

if [[ $# -gt 0 ]]; then
  ids=("$@")
else
  ids=()
  for f in "$SCRIPTS"/*.json; do ids+=("$(basename "$f" .json)"); done
fi
for id in "${ids[@]}"; do make_call "$id"; done
