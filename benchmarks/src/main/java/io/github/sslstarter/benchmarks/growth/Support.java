package io.github.sslstarter.benchmarks.growth;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the growth measurements share: heap after collection, CPU time, percentiles, the one
 * request every connection makes, and {@code openssl s_server} processes.
 */
final class Support {

	static final String HOST = "localhost";

	private static final byte[] REQUEST = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private static final List<Process> processes = new ArrayList<>();

	private Support() {
	}

	/** Used heap after repeated full collections, in bytes. */
	static long usedHeap() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			sleep(30);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/** CPU time of this process so far, in nanoseconds (every thread, servers included). */
	static long processCpu() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	/** The 1-minute load average. */
	static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	static String cpu() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return System.getProperty("os.arch");
	}

	/** The request, then everything up to EOF; the number of bytes read. */
	static int request(Socket socket) throws IOException {
		try (socket) {
			OutputStream out = socket.getOutputStream();
			out.write(REQUEST);
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[16384];
			int total = 0;
			for (int n; (n = in.read(buffer)) > 0;) {
				total += n;
			}
			return total;
		}
	}

	/** The value at quantile {@code q} (0..1) of the sorted values, or NaN for none. */
	static double quantile(long[] sorted, double q) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
		return sorted[Math.max(0, index)];
	}

	static long[] sorted(List<Long> values) {
		long[] array = values.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(array);
		return array;
	}

	static double median(List<Double> values) {
		double[] v = values.stream().filter((d) -> !d.isNaN()).mapToDouble(Double::doubleValue).toArray();
		if (v.length == 0) {
			return Double.NaN;
		}
		Arrays.sort(v);
		return (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	/** A rate or time with three significant digits. */
	static String num(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		double abs = Math.abs(value);
		String format = (abs >= 100) ? "%.0f" : (abs >= 10) ? "%.1f" : (abs >= 1) ? "%.2f" : "%.3f";
		return String.format(Locale.ROOT, format, value);
	}

	static String millis(double nanos) {
		return Double.isNaN(nanos) ? "n/a" : num(nanos / 1e6) + " ms";
	}

	static String micros(double nanos) {
		return Double.isNaN(nanos) ? "n/a" : num(nanos / 1e3) + " µs";
	}

	static String kib(double bytes) {
		return Double.isNaN(bytes) ? "n/a" : num(bytes / 1024) + " KiB";
	}

	static String mib(double bytes) {
		return Double.isNaN(bytes) ? "n/a" : num(bytes / (1024 * 1024)) + " MiB";
	}

	static String ratio(double a, double b) {
		return (Double.isNaN(a) || Double.isNaN(b) || b == 0) ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
	}

	static void log(String message) {
		System.err.println("[growth " + java.time.LocalTime.now().withNano(0) + "] " + message);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	// ---- openssl s_server

	static String opensslVersion() {
		try {
			Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
			String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(10, TimeUnit.SECONDS);
			return version;
		}
		catch (IOException ex) {
			throw new IllegalStateException("this benchmark needs openssl on the PATH", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts {@code openssl s_server} on a free port of 127.0.0.1 and waits until it listens; its port. */
	static int opensslServer(List<String> arguments) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-quiet", "-accept", "127.0.0.1:" + port));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		synchronized (processes) {
			processes.add(process);
		}
		for (int i = 0; i < 200; i++) {
			if (!process.isAlive()) {
				throw new IllegalStateException("openssl s_server exited: " + command);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return port;
			}
			catch (IOException ex) {
				sleep(50);
			}
		}
		throw new IllegalStateException("openssl s_server does not listen on " + port);
	}

	/** Stops every process this class started. */
	static void stopProcesses() {
		synchronized (processes) {
			for (Process process : processes) {
				process.destroy();
			}
			for (Process process : processes) {
				try {
					if (!process.waitFor(5, TimeUnit.SECONDS)) {
						process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					process.destroyForcibly();
				}
			}
			processes.clear();
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

}
