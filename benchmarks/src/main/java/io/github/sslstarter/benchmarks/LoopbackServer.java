package io.github.sslstarter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A raw JSSE server on 127.0.0.1 (ECDSA P-256), the same for every client measured against it:
 * it echoes bytes, or in bulk mode reads and discards everything.
 */
final class LoopbackServer implements AutoCloseable {

	private final SSLServerSocket server;

	private final ExecutorService workers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "bench-server");
		thread.setDaemon(true);
		return thread;
	});

	LoopbackServer(String protocol, boolean bulk) throws IOException {
		this(protocol, bulk, false);
	}

	/**
	 * @param forgetSessions whether the server forgets its sessions before each connection, so
	 * that every handshake is a full one whatever the client (run with
	 * {@code jdk.tls.server.enableSessionTicketExtension=false}, or stateless tickets still resume)
	 */
	LoopbackServer(String protocol, boolean bulk, boolean forgetSessions) throws IOException {
		SSLContext context = BenchPki.rawContext(true);
		this.server = (SSLServerSocket) context.getServerSocketFactory()
			.createServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
		this.server.setEnabledProtocols(new String[] { protocol });
		Thread acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					socket.setTcpNoDelay(true);
					if (forgetSessions) {
						Clients.forgetSessions(context.getServerSessionContext());
					}
					this.workers.execute(() -> serve(socket, bulk));
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "bench-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private static void serve(Socket socket, boolean bulk) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			if (bulk) {
				byte[] buffer = new byte[64 * 1024];
				while (in.read(buffer) >= 0) {
					// discard
				}
				return;
			}
			int b;
			while ((b = in.read()) >= 0) {
				out.write(b);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client closed first
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
