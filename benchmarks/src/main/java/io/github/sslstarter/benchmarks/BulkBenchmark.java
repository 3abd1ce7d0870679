package io.github.sslstarter.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

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

/** 64 KiB writes per second over one TLS 1.3 connection to a server that discards them. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BulkBenchmark {

	@Param({ "raw", "starter" })
	public String impl;

	private LoopbackServer server;

	private Socket socket;

	private OutputStream out;

	private final byte[] chunk = new byte[64 * 1024];

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		ThreadLocalRandom.current().nextBytes(this.chunk);
		this.server = new LoopbackServer("TLSv1.3", true);
		this.socket = this.impl.equals("starter")
				? Clients.starter(null, HandshakeListener.NONE).connect(Clients.HOST, this.server.port())
				: Clients.raw(Clients.rawContext().getSocketFactory(), this.server.port());
		this.out = this.socket.getOutputStream();
	}

	@Benchmark
	public void write64KiB() throws IOException {
		this.out.write(this.chunk);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.socket.close();
		this.server.close();
	}

}
