package io.github.sslstarter.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

import io.github.sslstarter.actuate.TlsMetrics;
import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslSocketFactory;

/**
 * Handshakes with the Micrometer handshake timer on and off (TLS 1.3, full and resumed: a
 * resumed handshake is short, so the timer's share of it is largest there).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MetricsBenchmark {

	@Param({ "off", "on" })
	public String metrics;

	@Param({ "full", "resumed" })
	public String mode;

	private LoopbackServer server;

	private SslSocketFactory factory;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.server = new LoopbackServer("TLSv1.3", false);
		HandshakeListener listener = this.metrics.equals("on") ? new TlsMetrics(new SimpleMeterRegistry())
				: HandshakeListener.NONE;
		this.factory = Clients.starter(null, listener);
	}

	@Benchmark
	public void handshake() throws IOException {
		Clients.pingAndClose(this.factory.connect(Clients.HOST, this.server.port()));
		if (this.mode.equals("full")) {
			Clients.forgetSessions(this.factory.contextFactory().sslContext());
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.server.close();
	}

}
