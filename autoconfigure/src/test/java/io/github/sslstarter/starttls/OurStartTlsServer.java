package io.github.sslstarter.starttls;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TlsServer;
import io.github.sslstarter.testing.Identities;

/**
 * The library's {@link StartTlsServer} on 127.0.0.1 and an ephemeral port, for tests: each
 * accepted connection is upgraded on a thread of its own, then one line is read over TLS and
 * echoed. What became of each connection is queued as an {@link Outcome}; the context's
 * handshake events are collected.
 */
final class OurStartTlsServer implements AutoCloseable {

	private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

	private final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

	private final StartTlsServer server;

	private final TlsServer listener;

	/** What became of one connection: the line echoed over TLS, or the failure. */
	record Outcome(String line, String protocol, Exception failure, long millis) {
	}

	private OurStartTlsServer(StartTls protocol, TestCertificate identity, Duration handshakeTimeout,
			String serverName) {
		SslContextFactory context = new SslContextFactory(SslSettings.builder()
			.name("starttls-server")
			.identity(Identities.identity(identity))
			.handshakeTimeout(handshakeTimeout)
			.build());
		this.server = new StartTlsServer(protocol, new SslServerSocketFactory(context, this.events::add), serverName);
		this.listener = TlsServer.builder()
			.plain()
			.address(InetAddress.getLoopbackAddress())
			.handler(this::serve)
			.start();
	}

	static OurStartTlsServer start(StartTls protocol, TestCertificate identity) {
		return new OurStartTlsServer(protocol, identity, Duration.ofSeconds(10), "localhost");
	}

	static OurStartTlsServer start(StartTls protocol, TestCertificate identity, Duration handshakeTimeout) {
		return new OurStartTlsServer(protocol, identity, handshakeTimeout, "localhost");
	}

	int port() {
		return this.listener.port();
	}

	/** The next connection's outcome, waiting at most 20 s. */
	Outcome next() throws InterruptedException {
		Outcome outcome = this.outcomes.poll(20, TimeUnit.SECONDS);
		if (outcome == null) {
			throw new AssertionError("the server reported no outcome within 20 s");
		}
		return outcome;
	}

	List<HandshakeEvent> events() {
		return this.events;
	}

	@Override
	public void close() {
		this.listener.close();
	}

	private void serve(java.net.Socket plain) {
		long start = System.nanoTime();
		try (SSLSocket tls = this.server.upgrade(plain)) {
			String protocol = tls.getSession().getProtocol();
			String line = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8))
				.readLine();
			if (line != null) {
				OutputStream out = tls.getOutputStream();
				out.write(("echo: " + line + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			this.outcomes.add(new Outcome(line, protocol, null, millisSince(start)));
		}
		catch (Exception ex) {
			this.outcomes.add(new Outcome(null, null, ex, millisSince(start)));
		}
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
