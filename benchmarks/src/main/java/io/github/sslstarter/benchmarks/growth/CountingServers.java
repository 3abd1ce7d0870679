package io.github.sslstarter.benchmarks.growth;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * In-process JSSE TLS servers on many ports of 127.0.0.1: one selector accepts on every port, a
 * pool of 64 threads does the handshakes (TLS 1.2). Counts what the peer checks do to them:
 * connections accepted, handshakes completed, and the most handshakes in progress at once (from
 * accept to the end of the server's handshake, which in TLS 1.2 comes before the client's end).
 */
final class CountingServers implements AutoCloseable {

	private final SSLSocketFactory tls;

	private final Selector selector;

	private final List<ServerSocketChannel> channels = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	private final ExecutorService workers;

	private final Thread acceptor;

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong handshakes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicInteger inProgress = new AtomicInteger();

	private final AtomicInteger peak = new AtomicInteger();

	private volatile boolean running = true;

	CountingServers(SSLContext context, int count) throws IOException {
		this.tls = context.getSocketFactory();
		this.selector = Selector.open();
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		for (int i = 0; i < count; i++) {
			ServerSocketChannel channel = ServerSocketChannel.open();
			channel.bind(new InetSocketAddress(loopback, 0), 256);
			channel.configureBlocking(false);
			channel.register(this.selector, SelectionKey.OP_ACCEPT);
			this.channels.add(channel);
			this.ports.add(((InetSocketAddress) channel.getLocalAddress()).getPort());
		}
		AtomicInteger names = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(64, (runnable) -> {
			Thread thread = new Thread(runnable, "growth-server-" + names.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.acceptor = new Thread(this::accept, "growth-acceptor");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	List<Integer> ports() {
		return this.ports;
	}

	long accepted() {
		return this.accepted.get();
	}

	long handshakes() {
		return this.handshakes.get();
	}

	long failures() {
		return this.failures.get();
	}

	/** The most handshakes in progress at once since the last reset. */
	int peak() {
		return this.peak.get();
	}

	void resetPeak() {
		this.peak.set(this.inProgress.get());
	}

	private void accept() {
		while (this.running) {
			try {
				this.selector.select(200);
				for (SelectionKey key : this.selector.selectedKeys()) {
					if (key.isValid() && key.isAcceptable()) {
						SocketChannel client;
						while ((client = ((ServerSocketChannel) key.channel()).accept()) != null) {
							int now = this.inProgress.incrementAndGet();
							this.peak.accumulateAndGet(now, Math::max);
							this.accepted.incrementAndGet();
							client.configureBlocking(true);
							SocketChannel accepted = client;
							this.workers.execute(() -> serve(accepted.socket()));
						}
					}
				}
				this.selector.selectedKeys().clear();
			}
			catch (IOException ex) {
				if (this.running) {
					Support.log("peers: accept failed: " + ex);
				}
			}
		}
	}

	private void serve(Socket plain) {
		boolean counted = true;
		try (Socket closing = plain) {
			plain.setSoTimeout(10_000);
			SSLSocket socket = (SSLSocket) this.tls.createSocket(plain, null, true);
			// TLS 1.2: the server's handshake ends (its Finished sent) before the client's does, so
			// a handshake counted here is always one the client is still in
			socket.setEnabledProtocols(new String[] { "TLSv1.2" });
			socket.startHandshake();
			this.inProgress.decrementAndGet();
			counted = false;
			this.handshakes.incrementAndGet();
			// until the client closes
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[256];
			while (in.read(buffer) >= 0) {
				// nothing is expected
			}
		}
		catch (IOException ex) {
			if (counted) {
				this.failures.incrementAndGet();
			}
		}
		finally {
			if (counted) {
				this.inProgress.decrementAndGet();
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.running = false;
		this.selector.wakeup();
		try {
			this.acceptor.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (ServerSocketChannel channel : this.channels) {
			channel.close();
		}
		this.selector.close();
		this.workers.shutdownNow();
		try {
			this.workers.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
