package io.github.sslstarter.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a test runs: {@code openssl}, {@code gnutls-serv}, {@code gnutls-cli}, Perl
 * with IO::Socket::SSL, or any other. A missing tool fails the test when the environment variable
 * {@code CI} is {@code true} (CI installs it) and skips it elsewhere, through a JUnit assumption.
 * Every run is bounded in time; long-running peers are {@link RunningTool}s.
 *
 * <pre>{@code
 * String hash = ExternalTool.openssl().run("x509", "-hash", "-noout", "-in", "ca.pem").requireSuccess().stdout();
 * try (RunningTool server = ExternalTool.opensslServer(dir, localhost, "-tls1_3")) {
 *     // connect to 127.0.0.1:server.port()
 * }
 * }</pre>
 *
 * Immutable: {@link #in(Path)}, {@link #timeout(Duration)} and {@link #input(String)} return a
 * changed copy.
 */
public final class ExternalTool {

	/** How long a {@link #run} may take unless told otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	private static final Map<List<String>, Boolean> present = new ConcurrentHashMap<>();

	private final String description;

	private final String command;

	// the command that exits with 0 when the tool can be run; empty: look the command up on the PATH
	private final List<String> probe;

	private final Invocation invocation;

	private ExternalTool(String description, String command, List<String> probe, Invocation invocation) {
		this.description = description;
		this.command = command;
		this.probe = probe;
		this.invocation = invocation;
	}

	/**
	 * The OpenSSL command-line tool.
	 * @return the tool
	 */
	public static ExternalTool openssl() {
		return named("openssl");
	}

	/**
	 * GnuTLS's test server, {@code gnutls-serv}.
	 * @return the tool
	 */
	public static ExternalTool gnutlsServ() {
		return named("gnutls-serv");
	}

	/**
	 * GnuTLS's test client, {@code gnutls-cli}.
	 * @return the tool
	 */
	public static ExternalTool gnutlsCli() {
		return named("gnutls-cli");
	}

	/**
	 * Perl, present only when it has these modules too.
	 * @param modules module names such as {@code IO::Socket::SSL}
	 * @return the tool
	 */
	public static ExternalTool perl(String... modules) {
		List<String> probe = new ArrayList<>(List.of("perl"));
		for (String module : modules) {
			probe.add("-M" + module);
		}
		probe.add("-e1");
		String description = (modules.length == 0) ? "perl" : "perl with " + String.join(", ", modules);
		return new ExternalTool(description, "perl", List.copyOf(probe), Invocation.DEFAULT);
	}

	/**
	 * A command on the {@code PATH}, or an executable file by its path (such as the JDK's
	 * {@code keytool}).
	 * @param command the command
	 * @return the tool
	 */
	public static ExternalTool named(String command) {
		return new ExternalTool(command, command, List.of(), Invocation.DEFAULT);
	}

	/**
	 * This tool run in that working directory (the JVM's unless set).
	 * @param directory the working directory
	 * @return the changed tool
	 */
	public ExternalTool in(Path directory) {
		return with(new Invocation(directory, this.invocation.timeout(), this.invocation.input()));
	}

	/**
	 * This tool with that bound on a {@link #run}; {@link #DEFAULT_TIMEOUT} unless set.
	 * @param timeout the longest a run may take
	 * @return the changed tool
	 */
	public ExternalTool timeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		return with(new Invocation(this.invocation.directory(), timeout, this.invocation.input()));
	}

	/**
	 * This tool given that text (UTF-8) on its standard input, which is then closed; without it
	 * the input is closed at once.
	 * @param input the text
	 * @return the changed tool
	 */
	public ExternalTool input(String input) {
		return with(new Invocation(this.invocation.directory(), this.invocation.timeout(), input));
	}

	private ExternalTool with(Invocation invocation) {
		return new ExternalTool(this.description, this.command, this.probe, invocation);
	}

	/**
	 * Whether the tool is installed (looked up once per JVM).
	 * @return whether it can be run
	 */
	public boolean isAvailable() {
		return present.computeIfAbsent(probeKey(), (key) -> probe());
	}

	/**
	 * Requires the tool: when it is missing, fails the test if {@code CI=true}, and skips it
	 * otherwise.
	 * @return this tool
	 */
	public ExternalTool require() {
		return require(System.getenv("CI"));
	}

	ExternalTool require(String ci) {
		if (!isAvailable()) {
			if ("true".equalsIgnoreCase(ci)) {
				throw new AssertionError(this.description
						+ " is required by this test and missing (CI=true); install it, as .ci/run does");
			}
			Assumptions.abort(this.description + " is not installed");
		}
		return this;
	}

	/**
	 * Runs the tool to its end ({@link #require() requiring} it first), within the timeout.
	 * @param arguments the arguments after the command
	 * @return its exit code and output
	 * @throws AssertionError when it does not end in time (it is killed)
	 */
	public Result run(String... arguments) {
		require();
		List<String> command = command(arguments);
		Path out = null;
		Path err = null;
		try {
			out = Files.createTempFile("external-tool", ".out");
			err = Files.createTempFile("external-tool", ".err");
			Process process = processBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
			try (OutputStream stdin = process.getOutputStream()) {
				if (this.invocation.input() != null) {
					stdin.write(this.invocation.input().getBytes(StandardCharsets.UTF_8));
				}
			}
			catch (IOException ex) {
				// the tool ended before reading its input: its output says why
			}
			if (!process.waitFor(this.invocation.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				throw new AssertionError("Timed out after " + this.invocation.timeout().toMillis() + " ms: "
						+ String.join(" ", command) + "\n" + Files.readString(out) + Files.readString(err));
			}
			return new Result(command, process.exitValue(), Files.readString(out), Files.readString(err));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command.get(0), ex);
		}
		finally {
			deleteQuietly(out);
			deleteQuietly(err);
		}
	}

	/**
	 * Starts the tool as a long-running peer ({@link #require() requiring} it first); its output
	 * (standard output and error together) is collected.
	 * @param arguments the arguments after the command
	 * @return the running tool, to close when done
	 */
	public RunningTool start(String... arguments) {
		require();
		List<String> command = command(arguments);
		try {
			Process process = processBuilder(command).redirectErrorStream(true).start();
			if (this.invocation.input() != null) {
				try (OutputStream stdin = process.getOutputStream()) {
					stdin.write(this.invocation.input().getBytes(StandardCharsets.UTF_8));
				}
			}
			return new RunningTool(process, command);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + String.join(" ", command), ex);
		}
	}

	/**
	 * Starts {@code openssl s_server} on 127.0.0.1 and a free port, presenting that certificate's
	 * chain (written into the directory), and waits until it accepts connections.
	 * @param directory where the certificate and key files go
	 * @param identity the server's certificate and key
	 * @param arguments more {@code s_server} arguments, such as {@code -www} or {@code -tls1_3}
	 * @return the running server; {@link RunningTool#port()} is its port
	 */
	public static RunningTool opensslServer(Path directory, TestCertificate identity, String... arguments) {
		int port = freePort();
		TestCertificate.PemFiles files = identity.writeTo(directory, "s_server-" + port);
		List<String> command = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:" + port, "-cert",
				files.chain().toString(), "-key", files.privateKey().toString()));
		command.addAll(List.of(arguments));
		RunningTool server = openssl().in(directory).start(command.toArray(new String[0])).listeningOn(port);
		try {
			// s_server prints ACCEPT once it listens
			server.awaitOutput("ACCEPT", Duration.ofSeconds(20));
		}
		catch (AssertionError | RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/**
	 * A TCP port on 127.0.0.1 that was free a moment ago, for a peer that must be told its port.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on 127.0.0.1", ex);
		}
	}

	private List<String> command(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(this.command);
		command.addAll(List.of(arguments));
		return command;
	}

	private ProcessBuilder processBuilder(List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command);
		if (this.invocation.directory() != null) {
			builder.directory(this.invocation.directory().toFile());
		}
		return builder;
	}

	private List<String> probeKey() {
		return this.probe.isEmpty() ? List.of(this.command) : this.probe;
	}

	private boolean probe() {
		if (this.probe.isEmpty()) {
			return onPath(this.command);
		}
		try {
			Process process = new ProcessBuilder(this.probe).redirectErrorStream(true).start();
			process.getOutputStream().close();
			try (InputStream output = process.getInputStream()) {
				output.transferTo(OutputStream.nullOutputStream());
			}
			return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static boolean onPath(String command) {
		if (command.contains(File.separator)) {
			return Files.isExecutable(Path.of(command));
		}
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// a temporary file: the OS cleans it up eventually
			}
		}
	}

	@Override
	public String toString() {
		return "ExternalTool[" + this.description + "]";
	}

	// how the tool is run: in which directory (the JVM's when null), for how long, with which input
	private record Invocation(Path directory, Duration timeout, String input) {

		static final Invocation DEFAULT = new Invocation(null, DEFAULT_TIMEOUT, null);

	}

	/**
	 * What a {@link ExternalTool#run} gave.
	 * @param command the command line that ran
	 * @param exitCode its exit code
	 * @param stdout its standard output
	 * @param stderr its standard error
	 */
	public record Result(List<String> command, int exitCode, String stdout, String stderr) {

		/**
		 * Standard output, then standard error.
		 * @return both outputs
		 */
		public String output() {
			return this.stdout + this.stderr;
		}

		/**
		 * Fails the test unless the tool exited with 0.
		 * @return this result
		 * @throws AssertionError naming the command and its output
		 */
		public Result requireSuccess() {
			if (this.exitCode != 0) {
				throw new AssertionError("Command failed with exit code " + this.exitCode + ": "
						+ String.join(" ", this.command) + "\n" + output());
			}
			return this;
		}

	}

}
