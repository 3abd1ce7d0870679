package io.github.sslstarter.benchmarks;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslSocketFactory;
import nl.altindag.ssl.SSLFactory;

/**
 * Full TLS 1.2 handshakes per second (connect, one byte each way, close) through this project's
 * factory, raw JSSE configured the same, and sslcontext-kickstart's factory at its defaults.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FullHandshakeBenchmark {

	@Param({ "raw", "starter", "kickstart" })
	public String impl;

	private LoopbackServer server;

	private SslSocketFactory starter;

	private SSLSocketFactory sockets;

	private SSLContext context;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.server = new LoopbackServer("TLSv1.2", false);
		switch (this.impl) {
			case "starter" -> {
				this.starter = Clients.starter(null, HandshakeListener.NONE);
				this.context = this.starter.contextFactory().sslContext();
			}
			case "raw" -> {
				this.context = Clients.rawContext();
				this.sockets = this.context.getSocketFactory();
			}
			case "kickstart" -> {
				SSLFactory factory = Clients.kickstart();
				this.context = factory.getSslContext();
				this.sockets = factory.getSslSocketFactory();
			}
			default -> throw new IllegalArgumentException(this.impl);
		}
	}

	@Benchmark
	public void handshake() throws IOException {
		Socket socket = switch (this.impl) {
			case "starter" -> this.starter.connect(Clients.HOST, this.server.port());
			case "raw" -> Clients.raw(this.sockets, this.server.port());
			default -> this.sockets.createSocket(Clients.HOST, this.server.port());
		};
		Clients.pingAndClose(socket);
		Clients.forgetSessions(this.context);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.server.close();
	}

}
