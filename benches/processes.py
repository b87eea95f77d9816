#!/usr/bin/env python3
"""Whole processes, timed as the README's tables are: each command run ROUNDS times, the
commands interleaved, from this small process (a child's peak RSS as wait4 reports it includes
the memory of the process that spawned it, which `cargo bench` is too large for).

Usage: benches/processes.py ROUNDS NAME=COMMAND... (a COMMAND's words separated by spaces)
Example: benches/processes.py 40 mofc="target/release/mofc check --no-cache ../shared/corpus/cim-schema-2.49.0/cim_schema_2.49.0.mof"
"""
import os, sys, time, statistics
N = int(sys.argv[1])
cmds = {}
for spec in sys.argv[2:]:
    name, argv = spec.split('=', 1)
    cmds[name] = argv.split()
devnull = os.open(os.devnull, os.O_WRONLY)
def run(argv):
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, st, ru = os.wait4(pid, 0)
    w = time.perf_counter() - t0
    assert os.waitstatus_to_exitcode(st) == 0, (argv, st)
    return w, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, ru.ru_minflt
for a in cmds.values(): run(a)
res = {k: [] for k in cmds}
load0 = os.getloadavg()[0]
for i in range(N):
    for k, a in cmds.items(): res[k].append(run(a))
print(time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()), f'rounds {N}, load average {load0:.2f} -> {os.getloadavg()[0]:.2f}')
print(f"{'':24} {'wall ms':>8} {'fastest':>8} {'CPU ms':>7} {'user':>6} {'sys':>6} {'RSS MB':>7} {'faults':>7}")
for k, r in res.items():
    m = lambda f: statistics.median(f(x) for x in r)
    print(f"{k:24} {m(lambda x: x[0])*1e3:8.1f} {min(x[0] for x in r)*1e3:8.1f} {m(lambda x: x[1]+x[2])*1e3:7.1f} {m(lambda x: x[1])*1e3:6.1f} {m(lambda x: x[2])*1e3:6.1f} {m(lambda x: x[3])/1024:7.1f} {m(lambda x: x[4]):7.0f}")
