package io.github.sslstarter.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ExternalTool} running as a peer for a test, such as {@code openssl s_server} or
 * {@code gnutls-serv}: its output is collected as it comes, and {@link #close()} stops it.
 */
public final class RunningTool implements AutoCloseable {

	private final Process process;

	private final List<String> command;

	private final List<String> output = Collections.synchronizedList(new ArrayList<>());

	private volatile int port = -1;

	private final Thread reader;

	RunningTool(Process process, List<String> command) {
		this.process = process;
		this.command = command;
		this.reader = new Thread(this::collectOutput, "external-tool-" + command.get(0));
		this.reader.setDaemon(true);
		this.reader.start();
	}

	RunningTool listeningOn(int port) {
		this.port = port;
		return this;
	}

	private void collectOutput() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				this.output.add(line);
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	/**
	 * Everything the tool printed so far, standard output and error together, a line each.
	 * @return the output
	 */
	public String output() {
		synchronized (this.output) {
			return String.join("\n", this.output);
		}
	}

	/**
	 * Whether the process still runs.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * The port the tool listens on, once known: given to
	 * {@link ExternalTool#opensslServer(java.nio.file.Path, TestCertificate, String...)} or found by
	 * {@link #awaitPort(int, Duration)}.
	 * @return the port
	 * @throws IllegalStateException when it is not known
	 */
	public int port() {
		if (this.port < 0) {
			throw new IllegalStateException(
					"The port of " + this.command.get(0) + " is not known: awaitPort(...) first");
		}
		return this.port;
	}

	private void awaitReader() {
		try {
			this.reader.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Waits until the tool prints a line containing that text.
	 * @param text the text
	 * @param timeout the longest to wait
	 * @return this tool
	 * @throws AssertionError when it ends or the time is up first, with its output
	 */
	public RunningTool awaitOutput(String text, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (output().contains(text)) {
				return this;
			}
			if (!this.process.isAlive()) {
				// its last lines may still be on their way to the reader (a busy machine)
				awaitReader();
				if (output().contains(text)) {
					return this;
				}
				throw new AssertionError(describe() + " ended before printing '" + text + "':\n" + output());
			}
			pause(20);
		}
		throw new AssertionError(describe() + " did not print '" + text + "' within " + timeout + ":\n" + output());
	}

	/**
	 * Waits until something accepts TCP connections on 127.0.0.1 and that port, which then is
	 * {@link #port()}.
	 * @param port the port the tool was told to listen on
	 * @param timeout the longest to wait
	 * @return this tool
	 * @throws AssertionError when it ends or the time is up first, with its output
	 */
	public RunningTool awaitPort(int port, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1000);
				this.port = port;
				return this;
			}
			catch (IOException ex) {
				if (!this.process.isAlive()) {
					throw new AssertionError(describe() + " ended without listening on " + port + ":\n" + output());
				}
				pause(50);
			}
		}
		throw new AssertionError("Nothing listens on 127.0.0.1:" + port + " within " + timeout + ":\n" + output());
	}

	/** Stops the tool: terminates it, and kills it after five seconds. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private String describe() {
		return String.join(" ", this.command);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for an external tool", ex);
		}
	}

	@Override
	public String toString() {
		return "RunningTool[" + describe() + "]";
	}

}
