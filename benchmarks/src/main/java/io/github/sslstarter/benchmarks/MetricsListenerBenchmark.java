package io.github.sslstarter.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.sslstarter.actuate.TlsMetrics;
import io.github.sslstarter.core.HandshakeEvent;

/**
 * What the handshake timer adds to one handshake, measured alone: the time of one
 * {@link TlsMetrics#handshake(HandshakeEvent)} call, to set beside a handshake's duration (the
 * handshake benchmarks' error bars are wider than this cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsListenerBenchmark {

	private TlsMetrics metrics;

	private HandshakeEvent event;

	@Setup
	public void setUp() {
		this.metrics = new TlsMetrics(new SimpleMeterRegistry());
		this.event = new HandshakeEvent("primary", true, "localhost", 443, "TLSv1.3", "TLS_AES_256_GCM_SHA384", true,
				Duration.ofMillis(3), null);
	}

	@Benchmark
	public void recordOneHandshake() {
		this.metrics.handshake(this.event);
	}

}
