package io.github.sslstarter.benchmarks.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;

/**
 * The external-peer benchmarks in one command: clients (this project on the JDK and on
 * Conscrypt, raw JSSE, raw Conscrypt, sslcontext-kickstart, {@code openssl s_time}, Perl
 * IO::Socket::SSL) against {@code openssl s_server}, and servers (this project's server socket
 * factory on the JDK and on Conscrypt, raw JSSE, raw Conscrypt, Perl IO::Socket::SSL,
 * {@code openssl s_server}) under {@code openssl s_time} and under 1, 16 and 64 concurrent raw
 * JSSE clients; full and resumed handshakes, TLS 1.2 and 1.3, ECDSA P-256 and RSA-2048.
 * Every cell runs once per round, the cells of one row back to back in an order that rotates
 * each round, so a change of load on the machine touches every column of a row alike; ratios
 * are the median of the per-round ratios. Writes a Markdown report.
 * <p>
 * Options: {@code --rounds 3 --seconds 2 --protocols TLSv1.2,TLSv1.3 --keys ec,rsa
 * --modes full,resumed --skip rsa:resumed --parts clients,servers --loads stime,1,16,64 --out FILE
 * --scripts benchmarks/peers --warmup 1 --columns project-jdk,raw-jsse} (a subset of the columns,
 * for a focused comparison with many rounds). Beside each rate it reports the CPU time per
 * connection of the measured side ({@link ProcessCpu}), which a shared machine disturbs far less.
 */
public final class PeerBench {

	private static final List<String> CLIENTS = List.of("project-jdk", "project-conscrypt", "raw-jsse",
			"raw-conscrypt", "kickstart", "s_time", "perl");

	private static final List<String> SERVERS = List.of("project-jdk", "project-conscrypt", "raw-jsse",
			"raw-conscrypt", "perl", "s_server");

	private static final Pattern S_TIME = Pattern.compile("(\\d+) connections in \\d+ real seconds");

	private final Map<String, String> options;

	private final double seconds;

	private final Path dir;

	private final Path scripts;

	private final List<Process> processes = new ArrayList<>();

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	/** The server processes by the same keys as {@link #ports}; the Java servers under "java". */
	private final Map<String, ProcessHandle> serverProcesses = new LinkedHashMap<>();

	private Process worker;

	private BufferedReader workerOut;

	private PrintWriter workerIn;

	private PeerBench(Map<String, String> options) throws IOException {
		this.options = options;
		this.seconds = Double.parseDouble(options.getOrDefault("seconds", "2"));
		this.dir = Files.createTempDirectory("peer-bench");
		this.scripts = Path.of(options.getOrDefault("scripts", "benchmarks/peers")).toAbsolutePath();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		PeerBench bench = new PeerBench(options);
		try {
			bench.run(String.join(" ", args));
		}
		finally {
			bench.stop();
		}
	}

	/** {@code --name value} pairs, as every program of this package takes them. */
	static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	private List<String> list(String option, String defaults) {
		return List.of(this.options.getOrDefault(option, defaults).split(","));
	}

	private void run(String arguments) throws Exception {
		int rounds = Integer.parseInt(this.options.getOrDefault("rounds", "3"));
		List<String> protocols = list("protocols", "TLSv1.2,TLSv1.3");
		List<String> keys = list("keys", "ec,rsa");
		List<String> modes = list("modes", "full,resumed");
		List<String> parts = list("parts", "clients,servers");
		List<String> loads = list("loads", "stime,1,16,64");
		// key:mode pairs left out, e.g. rsa:resumed (a resumed handshake signs nothing)
		List<String> skip = list("skip", "none");
		// a subset of the columns, for a focused comparison with many rounds (e.g. project-jdk,raw-jsse)
		List<String> columns = list("columns", String.join(",", CLIENTS) + "," + String.join(",", SERVERS));
		double warmup = Double.parseDouble(this.options.getOrDefault("warmup", String.valueOf(Math.min(1.0, this.seconds))));
		String loadBefore = load();
		ZonedDateTime started = ZonedDateTime.now(java.time.ZoneOffset.UTC);
		material();
		startPeers(protocols, keys);
		// rows: a row's cells are measured back to back in each round
		Map<String, List<Cell>> rows = new LinkedHashMap<>();
		for (String protocol : protocols) {
			for (String key : keys) {
				for (String mode : modes) {
					if (skip.contains(key + ":" + mode)) {
						continue;
					}
					if (parts.contains("clients")) {
						String row = "clients " + protocol + " " + key + " " + mode;
						List<Cell> cells = new ArrayList<>();
						for (String client : CLIENTS) {
							if (!columns.contains(client)) {
								continue;
							}
							cells.add(new Cell(row, client, () -> client(client, protocol, key, mode),
									clientCpu(client)));
						}
						rows.put(row, cells);
					}
					if (parts.contains("servers")) {
						for (String load : loads) {
							String row = "servers " + load + " " + protocol + " " + key + " " + mode;
							List<Cell> cells = new ArrayList<>();
							for (String server : SERVERS) {
								if (!columns.contains(server)) {
									continue;
								}
								cells.add(new Cell(row, server, () -> server(server, load, protocol, key, mode),
										serverCpu(server, protocol, key)));
							}
							rows.put(row, cells);
						}
					}
				}
			}
		}
		log("warm-up: every cell once, " + warmup + " s");
		double measured = this.seconds;
		for (List<Cell> cells : rows.values()) {
			for (Cell cell : cells) {
				cell.measure(warmup);
			}
		}
		for (List<Cell> cells : rows.values()) {
			cells.forEach(Cell::reset);
		}
		for (int round = 0; round < rounds; round++) {
			log("round " + (round + 1) + " of " + rounds + ", load " + load());
			for (List<Cell> cells : rows.values()) {
				for (int i = 0; i < cells.size(); i++) {
					cells.get((i + round) % cells.size()).measure(measured);
				}
			}
		}
		String loadAfter = load();
		String report = report(rows, rounds, arguments, started, loadBefore, loadAfter, protocols, keys, modes,
				parts, loads);
		Path out = Path.of(this.options.getOrDefault("out", "benchmarks/target/peers.md"));
		Files.createDirectories(out.toAbsolutePath().getParent());
		Files.writeString(out, report);
		System.out.println(report);
	}

	// ---- peers

	private void material() {
		TestCertificate ca = TestCertificate.authority("Peer Bench CA");
		ca.writeCertificate(PeerMaterial.ca(this.dir));
		TestCertificate.builder().localhost().signedBy(ca).build().writeTo(this.dir, "ec");
		TestCertificate.builder().localhost().keyType(KeyType.RSA_2048).signedBy(ca).build().writeTo(this.dir, "rsa");
	}

	private void startPeers(List<String> protocols, List<String> keys) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = System.getProperty("java.class.path");
		Process servers = start(List.of(java, "--add-opens", "java.base/java.net=ALL-UNNAMED", "-cp", classpath,
				PeerServers.class.getName(), this.dir.toString()));
		this.serverProcesses.put("java", servers.toHandle());
		BufferedReader lines = reader(servers);
		for (int i = 0; i < PeerServers.KINDS.size() * 4; i++) {
			String line = lines.readLine();
			if (line == null || !line.startsWith("READY ")) {
				throw new IllegalStateException("the Java servers did not start: " + line);
			}
			String[] f = line.split(" ");
			this.ports.put(f[1] + " " + f[2] + " " + f[3], Integer.parseInt(f[4]));
		}
		for (String protocol : protocols) {
			for (String key : keys) {
				for (String mode : List.of("full", "resumed")) {
					int port = freePort();
					List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-quiet", "-accept",
							"127.0.0.1:" + port, "-cert", PeerMaterial.chain(this.dir, key).toString(), "-key",
							PeerMaterial.privateKey(this.dir, key).toString(), "-www", opensslVersion(protocol)));
					if (mode.equals("full")) {
						command.addAll(List.of("-no_cache", "-no_ticket"));
					}
					Process sServer = start(command);
					awaitPort(port);
					this.ports.put("s_server-" + mode + " " + protocol + " " + key, port);
					this.serverProcesses.put("s_server-" + mode + " " + protocol + " " + key, sServer.toHandle());
				}
				int port = freePort();
				Process perl = start(List.of("perl", this.scripts.resolve("server.pl").toString(), String.valueOf(port),
						PeerMaterial.chain(this.dir, key).toString(), PeerMaterial.privateKey(this.dir, key).toString(),
						perlVersion(protocol), "4"));
				if (!"READY".equals(reader(perl).readLine())) {
					throw new IllegalStateException("the Perl server did not start");
				}
				this.ports.put("perl " + protocol + " " + key, port);
				this.serverProcesses.put("perl " + protocol + " " + key, perl.toHandle());
			}
		}
		this.worker = new ProcessBuilder(java, "-cp", classpath, PeerClients.class.getName(), this.dir.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		this.processes.add(this.worker);
		this.workerOut = reader(this.worker);
		this.workerIn = new PrintWriter(this.worker.getOutputStream(), true, StandardCharsets.UTF_8);
		if (!"READY".equals(this.workerOut.readLine())) {
			throw new IllegalStateException("the Java clients did not start");
		}
	}

	private Process start(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		this.processes.add(process);
		return process;
	}

	private static BufferedReader reader(Process process) {
		return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	private void stop() {
		for (Process process : this.processes) {
			try {
				process.getOutputStream().close();
			}
			catch (IOException ex) {
				// stopping anyway
			}
		}
		for (Process process : this.processes) {
			try {
				process.waitFor(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			process.destroy();
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(5, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static void awaitPort(int port) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(50);
			}
		}
		throw new IllegalStateException("nothing listens on " + port);
	}

	private static String opensslVersion(String protocol) {
		return protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2";
	}

	private static String perlVersion(String protocol) {
		return protocol.equals("TLSv1.3") ? "TLSv1_3" : "TLSv1_2";
	}

	// ---- cells

	private Result client(String client, String protocol, String key, String mode) throws Exception {
		int port = this.ports.get("s_server-" + mode + " " + protocol + " " + key);
		boolean resumed = mode.equals("resumed");
		return switch (client) {
			case "s_time" -> sTime(port, protocol, resumed);
			case "perl" -> perl(port, protocol, resumed);
			default -> worker("client " + client + " " + port + " " + protocol + " " + this.currentSeconds);
		};
	}

	private Result server(String server, String load, String protocol, String key, String mode) throws Exception {
		int port = this.ports.get((server.equals("s_server") ? "s_server-resumed" : server) + " " + protocol + " " + key);
		boolean resumed = mode.equals("resumed");
		if (load.equals("stime")) {
			return sTime(port, protocol, resumed);
		}
		return worker("load " + port + " " + protocol + " " + (resumed ? 1 : 0) + " " + load + " "
				+ this.currentSeconds);
	}

	private double currentSeconds;

	/** The CPU of a client cell's client: the clients' JVM, or the ended s_time / Perl client. */
	private java.util.function.LongSupplier clientCpu(String client) {
		if (client.equals("s_time") || client.equals("perl")) {
			return ProcessCpu::reapedChildren;
		}
		return () -> ProcessCpu.of(this.worker.toHandle());
	}

	/** The CPU of a server cell's server process (with Perl's workers). */
	private java.util.function.LongSupplier serverCpu(String server, String protocol, String key) {
		String name = switch (server) {
			case "perl" -> "perl " + protocol + " " + key;
			case "s_server" -> "s_server-resumed " + protocol + " " + key;
			default -> "java";
		};
		return () -> ProcessCpu.of(this.serverProcesses.get(name));
	}

	private Result worker(String command) throws IOException {
		this.workerIn.println(command);
		String answer = this.workerOut.readLine();
		if (answer == null || !answer.startsWith("ok ")) {
			log("failed: " + command + ": " + answer);
			return Result.FAILED;
		}
		String[] f = answer.split(" ");
		long count = Long.parseLong(f[1]);
		double elapsed = Long.parseLong(f[2]) / 1e9;
		long errors = Long.parseLong(f[3]);
		double p99 = (f.length > 5) ? Long.parseLong(f[5]) / 1000.0 : Double.NaN;
		return new Result(count / elapsed, p99, errors, count);
	}

	private Result sTime(int port, String protocol, boolean resumed) throws Exception {
		long start = System.nanoTime();
		Process process = new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + port,
				resumed ? "-reuse" : "-new", "-time", String.valueOf(Math.max(1, Math.round(this.currentSeconds))),
				"-www", "/", "-CAfile", PeerMaterial.ca(this.dir).toString(), opensslVersion(protocol))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		double elapsed = (System.nanoTime() - start) / 1e9;
		Matcher matcher = S_TIME.matcher(output);
		if (!matcher.find()) {
			log("s_time failed on " + port + ": " + output.lines().reduce((a, b) -> b).orElse(""));
			return Result.FAILED;
		}
		long count = Long.parseLong(matcher.group(1));
		return new Result(count / elapsed, Double.NaN, 0, count);
	}

	private Result perl(int port, String protocol, boolean resumed) throws Exception {
		Process process = new ProcessBuilder("perl", this.scripts.resolve("client.pl").toString(), String.valueOf(port),
				perlVersion(protocol), resumed ? "1" : "0", String.valueOf(this.currentSeconds),
				PeerMaterial.ca(this.dir).toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		process.waitFor();
		String[] f = output.split(" ");
		if (f.length < 3) {
			log("perl client failed on " + port + ": " + output);
			return Result.FAILED;
		}
		return new Result(Long.parseLong(f[0]) / (Long.parseLong(f[1]) / 1e9), Double.NaN, Long.parseLong(f[2]),
				Long.parseLong(f[0]));
	}

	interface Measurement {

		Result run() throws Exception;

	}

	/**
	 * One cell's figures of one round; {@code cpuMicros} is the CPU time of the measured side
	 * (the client in a client cell, the server in a server cell) per connection.
	 */
	record Result(double rate, double p99Millis, long errors, long connections, double cpuMicros) {

		static final Result FAILED = new Result(Double.NaN, Double.NaN, -1, 0, Double.NaN);

		Result(double rate, double p99Millis, long errors, long connections) {
			this(rate, p99Millis, errors, connections, Double.NaN);
		}

		Result withCpu(long nanos) {
			return new Result(this.rate, this.p99Millis, this.errors, this.connections,
					(this.connections > 0) ? nanos / 1000.0 / this.connections : Double.NaN);
		}

	}

	private final class Cell {

		final String row;

		final String column;

		final Measurement measurement;

		final java.util.function.LongSupplier cpu;

		final List<Result> results = new ArrayList<>();

		Cell(String row, String column, Measurement measurement, java.util.function.LongSupplier cpu) {
			this.row = row;
			this.column = column;
			this.measurement = measurement;
			this.cpu = cpu;
		}

		void measure(double seconds) {
			PeerBench.this.currentSeconds = seconds;
			try {
				long before = this.cpu.getAsLong();
				Result result = this.measurement.run();
				this.results.add(result.withCpu(this.cpu.getAsLong() - before));
			}
			catch (Exception ex) {
				log("failed: " + this.row + " " + this.column + ": " + ex);
				this.results.add(Result.FAILED);
			}
		}

		void reset() {
			this.results.clear();
		}

	}

	// ---- report

	static double median(List<Double> values) {
		double[] v = values.stream().filter((d) -> !d.isNaN()).mapToDouble(Double::doubleValue).toArray();
		if (v.length == 0) {
			return Double.NaN;
		}
		Arrays.sort(v);
		return (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	private static double medianOf(Cell cell, Function<Result, Double> value) {
		if (cell == null) {
			return Double.NaN;
		}
		return median(cell.results.stream().map(value).toList());
	}

	/** The median over rounds of {@code a / b}, both from the same round. */
	private static double ratio(Cell a, Cell b) {
		if (a == null || b == null) {
			return Double.NaN;
		}
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(a.results.size(), b.results.size()); i++) {
			ratios.add(a.results.get(i).rate() / b.results.get(i).rate());
		}
		return median(ratios);
	}

	/** The median over rounds of {@code b}'s CPU per connection over {@code a}'s (above 1: {@code a} needs less). */
	private static double cpuRatio(Cell a, Cell b) {
		if (a == null || b == null) {
			return Double.NaN;
		}
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(a.results.size(), b.results.size()); i++) {
			ratios.add(b.results.get(i).cpuMicros() / a.results.get(i).cpuMicros());
		}
		return median(ratios);
	}

	private static String number(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
	}

	private static String times(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value);
	}

	private String report(Map<String, List<Cell>> rows, int rounds, String arguments, ZonedDateTime started,
			String loadBefore, String loadAfter, List<String> protocols, List<String> keys, List<String> modes,
			List<String> parts, List<String> loads) {
		StringBuilder md = new StringBuilder();
		md.append("## External peers (").append(started.format(DateTimeFormatter.ISO_LOCAL_DATE)).append(")\n\n");
		md.append("Written by `io.github.sslstarter.benchmarks.peers.PeerBench`; every number of these tables comes "
				+ "from the same run.\n\n");
		md.append("- Date: ").append(started.format(DateTimeFormatter.RFC_1123_DATE_TIME)).append('\n');
		md.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.vm.version")).append(" (").append(System.getProperty("java.vm.vendor"))
			.append(")\n");
		md.append("- CPU: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
			.append(" cores available; load average before ").append(loadBefore).append(", after ").append(loadAfter)
			.append('\n');
		md.append("- Peers: ").append(tool("openssl", "version")).append("; Perl IO::Socket::SSL ")
			.append(tool("perl", "-MIO::Socket::SSL", "-e", "print $IO::Socket::SSL::VERSION")).append('\n');
		md.append("- Command: `benchmarks/peers/run.sh ").append(arguments).append("`\n");
		md.append("- ").append(rounds).append(" interleaved rounds of ").append(this.seconds)
			.append(" s per cell after one warm-up pass of ").append(this.options.getOrDefault("warmup",
					String.valueOf(Math.min(1.0, this.seconds)))).append(" s per cell; a cell's figure is the median of its rounds, a ratio the "
					+ "median of the per-round ratios. One connection = TCP connect, handshake, `GET / HTTP/1.0`, "
					+ "read to EOF.\n\n");
		if (parts.contains("clients")) {
			md.append("### Clients against `openssl s_server -www` (connections/s, one at a time)\n\n");
			md.append("Full: `s_server -no_cache -no_ticket` (nothing can resume). Resumed: `s_server` with its "
					+ "cache and tickets, every client with its session cache.\n\n");
			md.append("| protocol | key | handshake |");
			for (String client : CLIENTS) {
				md.append(' ').append(label(client)).append(" |");
			}
			md.append(" project JDK × raw JSSE | project Conscrypt × raw Conscrypt | project Conscrypt × Perl |\n|");
			md.append("---|".repeat(3 + CLIENTS.size() + 3)).append('\n');
			for (String protocol : protocols) {
				for (String key : keys) {
					for (String mode : modes) {
						List<Cell> cells = rows.get("clients " + protocol + " " + key + " " + mode);
						if (cells == null) {
							continue;
						}
						Map<String, Cell> by = byColumn(cells);
						md.append("| ").append(protocol).append(" | ").append(keyLabel(key)).append(" | ").append(mode)
							.append(" |");
						for (String client : CLIENTS) {
							md.append(' ').append(number(medianOf(by.get(client), Result::rate)))
								.append(errors(by.get(client))).append(" |");
						}
						md.append(' ').append(times(ratio(by.get("project-jdk"), by.get("raw-jsse")))).append(" | ")
							.append(times(ratio(by.get("project-conscrypt"), by.get("raw-conscrypt")))).append(" | ")
							.append(times(ratio(by.get("project-conscrypt"), by.get("perl")))).append(" |\n");
					}
				}
			}
			md.append('\n');
			cpuTable(md, "Client CPU per connection (µs; the client process's user + system time over its "
					+ "connections, same cells)", CLIENTS, rows, "clients", protocols, keys, modes);
		}
		if (parts.contains("servers")) {
			for (String load : loads) {
				boolean concurrent = !load.equals("stime");
				md.append("### Servers under ")
					.append(concurrent ? load + " concurrent raw JSSE client" + (load.equals("1") ? "" : "s")
							: "`openssl s_time` (one connection at a time)")
					.append(concurrent ? " (accepts/s, p99 handshake latency in ms)" : " (connections/s)")
					.append("\n\n");
				md.append("| protocol | key | handshake |");
				for (String server : SERVERS) {
					md.append(' ').append(label(server)).append(" |");
				}
				md.append(" project JDK × raw JSSE | project Conscrypt × raw Conscrypt | project Conscrypt × Perl |\n|");
				md.append("---|".repeat(3 + SERVERS.size() + 3)).append('\n');
				for (String protocol : protocols) {
					for (String key : keys) {
						for (String mode : modes) {
							List<Cell> cells = rows.get("servers " + load + " " + protocol + " " + key + " " + mode);
							if (cells == null) {
								continue;
							}
							Map<String, Cell> by = byColumn(cells);
							md.append("| ").append(protocol).append(" | ").append(keyLabel(key)).append(" | ")
								.append(mode).append(" |");
							for (String server : SERVERS) {
								Cell cell = by.get(server);
								md.append(' ').append(number(medianOf(cell, Result::rate)));
								if (concurrent) {
									md.append(" / ").append(number(medianOf(cell, Result::p99Millis)));
								}
								md.append(errors(cell)).append(" |");
							}
							md.append(' ').append(times(ratio(by.get("project-jdk"), by.get("raw-jsse")))).append(" | ")
								.append(times(ratio(by.get("project-conscrypt"), by.get("raw-conscrypt"))))
								.append(" | ")
								.append(times(ratio(by.get("project-conscrypt"), by.get("perl"))))
								.append(" |\n");
						}
					}
				}
				md.append('\n');
				cpuTable(md, "Server CPU per connection under " + (concurrent ? load + " concurrent client"
						+ (load.equals("1") ? "" : "s") : "`openssl s_time`")
						+ " (µs; the server process's user + system time over its connections, same cells)", SERVERS,
						rows, "servers " + load, protocols, keys, modes);
			}
		}
		return md.toString();
	}

	/**
	 * A table of CPU per connection of the same cells, with efficiency ratios that read like the
	 * rate ratios: the other's CPU over this project's, so above 1 means this project needs less.
	 */
	private static void cpuTable(StringBuilder md, String title, List<String> columns, Map<String, List<Cell>> rows,
			String prefix, List<String> protocols, List<String> keys, List<String> modes) {
		md.append("#### ").append(title).append("\n\n");
		md.append("| protocol | key | handshake |");
		for (String column : columns) {
			md.append(' ').append(label(column)).append(" |");
		}
		md.append(" raw JSSE ÷ project JDK | raw Conscrypt ÷ project Conscrypt | Perl ÷ project Conscrypt |\n|");
		md.append("---|".repeat(3 + columns.size() + 3)).append('\n');
		for (String protocol : protocols) {
			for (String key : keys) {
				for (String mode : modes) {
					List<Cell> cells = rows.get(prefix + " " + protocol + " " + key + " " + mode);
					if (cells == null) {
						continue;
					}
					Map<String, Cell> by = byColumn(cells);
					md.append("| ").append(protocol).append(" | ").append(keyLabel(key)).append(" | ").append(mode)
						.append(" |");
					for (String column : columns) {
						md.append(' ').append(number(medianOf(by.get(column), Result::cpuMicros))).append(" |");
					}
					md.append(' ').append(times(cpuRatio(by.get("project-jdk"), by.get("raw-jsse")))).append(" | ")
						.append(times(cpuRatio(by.get("project-conscrypt"), by.get("raw-conscrypt")))).append(" | ")
						.append(times(cpuRatio(by.get("project-conscrypt"), by.get("perl")))).append(" |\n");
				}
			}
		}
		md.append('\n');
	}

	private static Map<String, Cell> byColumn(List<Cell> cells) {
		Map<String, Cell> by = new LinkedHashMap<>();
		for (Cell cell : cells) {
			by.put(cell.column, cell);
		}
		return by;
	}

	private static String errors(Cell cell) {
		if (cell == null) {
			return "";
		}
		long failed = cell.results.stream().filter((r) -> r.errors() < 0).count();
		long errors = cell.results.stream().mapToLong((r) -> Math.max(0, r.errors())).sum();
		if (failed == 0 && errors == 0) {
			return "";
		}
		return " (" + (failed > 0 ? failed + " failed rounds" : "") + (failed > 0 && errors > 0 ? ", " : "")
				+ (errors > 0 ? errors + " errors" : "") + ")";
	}

	private static String label(String column) {
		return switch (column) {
			case "project-jdk" -> "project JDK";
			case "project-conscrypt" -> "project Conscrypt";
			case "raw-jsse" -> "raw JSSE";
			case "raw-conscrypt" -> "raw Conscrypt";
			case "kickstart" -> "sslcontext-kickstart";
			case "s_time" -> "`openssl s_time`";
			case "perl" -> "Perl IO::Socket::SSL";
			case "s_server" -> "`openssl s_server`";
			default -> column;
		};
	}

	private static String keyLabel(String key) {
		return key.equals("ec") ? "ECDSA P-256" : "RSA-2048";
	}

	private static String load() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (IOException ex) {
			return String.format(Locale.ROOT, "%.2f",
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	private static String cpu() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((l) -> l.startsWith("model name"))
				.findFirst()
				.map((l) -> l.substring(l.indexOf(':') + 1).trim())
				.orElse(System.getProperty("os.arch"));
		}
		catch (IOException ex) {
			return System.getProperty("os.arch");
		}
	}

	private static String tool(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor();
			return output;
		}
		catch (IOException | InterruptedException ex) {
			return "unknown";
		}
	}

	private static void log(String message) {
		System.err.println("[peer-bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
	}

}
