package io.github.sslstarter.core;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake deadline holds against many peers at once that send the start of a TLS record
 * and then one byte at a time, each byte in time for the read timeout: every connect and every
 * upgrade ends by the deadline plus a tenth. A server's handshake of an accepted socket ends by
 * its deadline (plus a quarter) too, against clients that trickle and clients that send nothing: the deadline
 * alone ends them (no read timeout is set during a handshake).
 */
class TricklingPeerDeadlineTest {

	private static final Duration DEADLINE = Duration.ofSeconds(1);

	private static final int CLIENTS = 32;

	/** Accepts, sends a TLS record header announcing 16 KiB, then a byte every 200 ms (at most 60). */
	private static final class Trickler implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));

		private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "trickler");
			thread.setDaemon(true);
			return thread;
		});

		Trickler() throws IOException {
			this.workers.execute(() -> {
				while (!this.server.isClosed()) {
					try {
						Socket socket = this.server.accept();
						this.workers.execute(() -> trickle(socket));
					}
					catch (IOException ex) {
						return;
					}
				}
			});
		}

		static void trickle(Socket socket) {
			try (socket) {
				OutputStream out = socket.getOutputStream();
				out.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 });
				out.flush();
				for (int i = 0; i < 60; i++) {
					Thread.sleep(200);
					out.write(0x02);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the client gave up: that is the point
			}
		}

		int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			this.workers.shutdownNow();
		}

	}

	@Test
	void everyConcurrentConnectEndsByTheDeadline() throws Exception {
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.trustedCertificates(List.of(TestCertificate.authority("Trickle CA").certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(DEADLINE)
			.build()));
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try (Trickler trickler = new Trickler()) {
			List<Callable<Long>> connects = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				// half connect, half upgrade a plain socket they keep (STARTTLS, autoClose=false)
				boolean upgrade = i % 2 == 1;
				connects.add(() -> {
					long start = System.nanoTime();
					try {
						if (upgrade) {
							try (Socket plain = new Socket("127.0.0.1", trickler.port())) {
								factory.upgrade(plain, "127.0.0.1", trickler.port(), false).close();
							}
						}
						else {
							factory.connect("127.0.0.1", trickler.port()).close();
						}
						return -1L;
					}
					catch (SslConnectionException ex) {
						return (ex.failure() == TlsFailure.TIMEOUT) ? System.nanoTime() - start : -2L;
					}
				});
			}
			List<Long> took = new ArrayList<>();
			for (Future<Long> result : clients.invokeAll(connects, 30, TimeUnit.SECONDS)) {
				took.add(result.get());
			}
			long slowest = took.stream().mapToLong(Long::longValue).max().orElseThrow();
			System.out.println("TRICKLE " + CLIENTS + " concurrent connects, slowest "
					+ Duration.ofNanos(slowest).toMillis() + " ms for a deadline of " + DEADLINE.toMillis() + " ms");
			assertThat(took).as("every connect timed out").allMatch((nanos) -> nanos > 0);
			assertThat(Duration.ofNanos(slowest)).isLessThanOrEqualTo(DEADLINE.plus(DEADLINE.dividedBy(10)));
		}
		finally {
			clients.shutdownNow();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "conscrypt" })
	void everyAcceptedHandshakeEndsByTheDeadline(String provider) throws Exception {
		TestCertificate ca = TestCertificate.authority("Trickle CA");
		SslServerSocketFactory factory = new SslServerSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("deadline-" + provider)
			.provider(provider)
			.identity(identity(TestCertificate.builder().localhost().signedBy(ca).build()))
			.handshakeTimeout(DEADLINE)
			.build()));
		int peers = 8;
		ExecutorService threads = Executors.newCachedThreadPool();
		try (java.net.ServerSocket listener = factory.createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			List<Socket> silent = new ArrayList<>();
			for (int i = 0; i < peers; i++) {
				// half trickle a record, half connect and send nothing
				Socket client = new Socket("127.0.0.1", listener.getLocalPort());
				if (i % 2 == 0) {
					threads.execute(() -> Trickler.trickle(client));
				}
				else {
					silent.add(client);
				}
			}
			List<Future<Long>> handshakes = new ArrayList<>();
			for (int i = 0; i < peers; i++) {
				SSLSocket accepted = (SSLSocket) listener.accept();
				handshakes.add(threads.submit(() -> {
					long start = System.nanoTime();
					try {
						factory.handshake(accepted).close();
						return -1L;
					}
					catch (SslConnectionException ex) {
						return (ex.failure() == TlsFailure.TIMEOUT) ? System.nanoTime() - start : -2L;
					}
				}));
			}
			List<Long> took = new ArrayList<>();
			for (Future<Long> handshake : handshakes) {
				took.add(handshake.get(30, TimeUnit.SECONDS));
			}
			for (Socket client : silent) {
				client.close();
			}
			long slowest = took.stream().mapToLong(Long::longValue).max().orElseThrow();
			assertThat(took).as("every handshake timed out").allMatch((nanos) -> nanos > 0);
			// a hang would last the trickle's 12 s or, for a silent client, for ever
			assertThat(Duration.ofNanos(slowest)).isLessThanOrEqualTo(DEADLINE.plus(DEADLINE.dividedBy(4)));
		}
		finally {
			threads.shutdownNow();
		}
	}

}
