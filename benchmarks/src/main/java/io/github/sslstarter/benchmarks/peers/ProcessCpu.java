package io.github.sslstarter.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time (user + system) of processes, read from Linux's {@code /proc/<pid>/stat} in clock
 * ticks ({@code getconf CLK_TCK}, 100 on this machine: 10 ms). A cell of the external-peer
 * benchmarks reads it before and after; the difference over the connections made is the CPU
 * each connection cost that side, a figure far steadier than a rate on a shared machine (a
 * runnable thread that waits for a core costs no CPU time).
 */
final class ProcessCpu {

	private static final long TICK_NANOS = 1_000_000_000L / ticksPerSecond();

	private ProcessCpu() {
	}

	/** The CPU time of {@code process} and of its live descendants (Perl's preforked workers), ns. */
	static long of(ProcessHandle process) {
		long total = self(process.pid());
		for (ProcessHandle child : process.descendants().toList()) {
			total += self(child.pid());
		}
		return total;
	}

	/** The CPU time of the processes {@code of}, summed, ns. */
	static long of(List<ProcessHandle> processes) {
		long total = 0;
		for (ProcessHandle process : processes) {
			total += of(process);
		}
		return total;
	}

	/**
	 * The CPU time of this JVM's children that have ended and been waited for (the
	 * {@code openssl s_time} and Perl client runs, which end with their cell), ns.
	 */
	static long reapedChildren() {
		long[] f = fields(ProcessHandle.current().pid());
		return (f == null) ? 0 : (f[13] + f[14]) * TICK_NANOS;
	}

	private static long self(long pid) {
		long[] f = fields(pid);
		return (f == null) ? 0 : (f[11] + f[12]) * TICK_NANOS;
	}

	/** The numeric fields after the command name: index 0 is field 3 (state, as 0), 11 utime, 12 stime. */
	private static long[] fields(long pid) {
		String stat;
		try {
			stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
		}
		catch (IOException ex) {
			return null;
		}
		String[] parts = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		long[] values = new long[parts.length];
		for (int i = 1; i < parts.length; i++) {
			try {
				values[i] = Long.parseLong(parts[i]);
			}
			catch (NumberFormatException ex) {
				values[i] = 0;
			}
		}
		return values;
	}

	private static long ticksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			String out = new String(getconf.getInputStream().readAllBytes()).trim();
			getconf.waitFor();
			return Long.parseLong(out);
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

}
