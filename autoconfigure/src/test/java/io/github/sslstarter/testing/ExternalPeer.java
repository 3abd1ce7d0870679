package io.github.sslstarter.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import io.github.sslstarter.material.Identity;

/**
 * An external TLS peer (openssl, gnutls, Perl IO::Socket::SSL) run as a process for a test. A
 * missing tool fails the test when CI=true (CI installs it) and skips it elsewhere.
 */
public final class ExternalPeer implements AutoCloseable {

	private final Process process;

	private final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());

	private ExternalPeer(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					this.output.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		});
		reader.setDaemon(true);
		reader.start();
	}

	private static final java.util.Map<String, Boolean> present = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Requires a command on the PATH (or a Perl module when {@code tool} is "perl:Module"):
	 * fails the test when CI=true and it is missing, skips it elsewhere.
	 */
	public static void require(String tool) {
		if (!present.computeIfAbsent(tool, ExternalPeer::probe)) {
			if ("true".equals(System.getenv("CI"))) {
				throw new AssertionError(tool + " is required by this test and missing: .ci/run installs it");
			}
			Assumptions.abort(tool + " is not installed");
		}
	}

	private static boolean probe(String tool) {
		boolean present;
		try {
			List<String> probe = tool.startsWith("perl:") ? List.of("perl", "-M" + tool.substring(5), "-e1")
					: List.of("sh", "-c", "command -v " + tool);
			Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
			present = process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			present = false;
		}
		return present;
	}

	/** Starts a command; stdout and stderr are collected. */
	public static ExternalPeer start(List<String> command, Path directory) throws IOException {
		return new ExternalPeer(new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
			.start());
	}

	/** Runs a command to its end and returns its output. */
	public static String run(List<String> command, Path directory, Duration timeout) throws Exception {
		try (ExternalPeer peer = start(command, directory)) {
			if (!peer.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("timed out: " + command + "\n" + peer.output());
			}
			peer.awaitOutputDrained();
			return peer.output();
		}
	}

	private void awaitOutputDrained() throws InterruptedException {
		Thread.sleep(50);
	}

	/** Everything the process printed so far. */
	public String output() {
		synchronized (this.output) {
			return String.join("\n", this.output);
		}
	}

	/** Waits until the process prints a line containing {@code text}. */
	public void awaitOutput(String text, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (output().contains(text)) {
				return;
			}
			if (!this.process.isAlive()) {
				throw new AssertionError("peer ended before printing '" + text + "':\n" + output());
			}
			Thread.sleep(20);
		}
		throw new AssertionError("peer did not print '" + text + "' in time:\n" + output());
	}

	/** Waits until something accepts TCP connections on 127.0.0.1:port. */
	public void awaitPort(int port, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive()) {
					throw new AssertionError("peer ended:\n" + output());
				}
				Thread.sleep(50);
			}
		}
		throw new AssertionError("nothing listens on " + port + ":\n" + output());
	}

	/** A TCP port that was free a moment ago. */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

	/** Writes a certificate chain as PEM. */
	public static Path writeCertificates(Path file, List<X509Certificate> chain) throws Exception {
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : chain) {
			pem.append("-----BEGIN CERTIFICATE-----\n")
				.append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(certificate.getEncoded()))
				.append("\n-----END CERTIFICATE-----\n");
		}
		return Files.writeString(file, pem);
	}

	/** Writes an identity as {@code name.pem} (chain) and {@code name-key.pem} (PKCS#8). */
	public static Path[] writeIdentity(Path directory, String name, Identity identity) throws Exception {
		Path chain = writeCertificates(directory.resolve(name + ".pem"), identity.chain());
		Path key = Files.writeString(directory.resolve(name + "-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(identity.privateKey().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n");
		return new Path[] { chain, key };
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
