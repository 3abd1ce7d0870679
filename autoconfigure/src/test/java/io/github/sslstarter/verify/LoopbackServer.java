package io.github.sslstarter.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * An in-process JSSE server on 127.0.0.1 presenting one generated certificate; it answers each
 * connection's byte with the same byte, then closes.
 */
public final class LoopbackServer implements AutoCloseable {

	private final SSLServerSocket serverSocket;

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "loopback-tls-server");
		thread.setDaemon(true);
		return thread;
	});

	/** Starts a server presenting the leaf of {@code certificateSpec}. */
	public LoopbackServer(String certificateSpec, String protocol) throws IOException {
		SSLContext context = TestCertificates.serverContext(certificateSpec, protocol);
		this.serverSocket = (SSLServerSocket) context.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
		this.executor.execute(this::acceptLoop);
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	private void acceptLoop() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				this.executor.execute(() -> echoOnce((SSLSocket) socket));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private static void echoOnce(SSLSocket socket) {
		try (socket) {
			socket.setSoTimeout(10_000);
			InputStream in = socket.getInputStream();
			int b = in.read();
			if (b >= 0) {
				OutputStream out = socket.getOutputStream();
				out.write(b);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the client refused the handshake: expected in rejection tests
		}
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		this.executor.shutdownNow();
	}

}
