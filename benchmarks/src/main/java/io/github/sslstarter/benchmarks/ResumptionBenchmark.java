package io.github.sslstarter.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

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

/**
 * Resumed against full handshakes through this project's factory, per protocol and provider;
 * each trial writes how many connections really resumed. For full handshakes the server
 * forgets its sessions (client-side invalidation is not possible with Conscrypt).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResumptionBenchmark {

	@Param({ "TLSv1.2", "TLSv1.3" })
	public String protocol;

	@Param({ "full", "resumed" })
	public String mode;

	@Param({ "jdk", "conscrypt" })
	public String provider;

	private LoopbackServer server;

	private SslSocketFactory factory;

	private long resumed;

	private long total;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		boolean full = this.mode.equals("full");
		if (full) {
			// Conscrypt's cached sessions cannot be invalidated, so the server refuses to resume
			System.setProperty("jdk.tls.server.enableSessionTicketExtension", "false");
		}
		this.server = new LoopbackServer(this.protocol, false, full);
		this.factory = Clients.starter(this.provider, HandshakeListener.NONE);
	}

	@Benchmark
	public void handshake() throws IOException {
		SSLSocket socket = this.factory.connect(Clients.HOST, this.server.port());
		Clients.pingAndClose(socket);
		this.total++;
		if (this.factory.reused(socket)) {
			this.resumed++;
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.server.close();
		Clients.writeStatistic("resumption " + this.protocol + " " + this.mode + " " + this.provider + " "
				+ this.resumed + " " + this.total);
	}

}
