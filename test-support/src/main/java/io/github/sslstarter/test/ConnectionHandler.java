package io.github.sslstarter.test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link TlsServer} does with one accepted connection, on a thread of its own. The server
 * closes the socket afterwards; whatever the handler throws is recorded as a failure of the server
 * ({@link TlsServer#failures()}), not thrown at the test.
 */
@FunctionalInterface
public interface ConnectionHandler {

	/**
	 * Serves one connection.
	 * @param socket the accepted socket: an {@link javax.net.ssl.SSLSocket} on a TLS server, whose
	 * handshake is done unless the server was built with {@code handshake(false)}
	 * @throws Exception anything: recorded as the server's failure
	 */
	void handle(Socket socket) throws Exception;

	/**
	 * Echoes each line (UTF-8, ending in a line feed) until the client closes: the default.
	 * @return the handler
	 */
	static ConnectionHandler echoLines() {
		return (socket) -> {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			OutputStream out = socket.getOutputStream();
			String line;
			while ((line = in.readLine()) != null) {
				out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
		};
	}

	/**
	 * Echoes each byte as it comes until the client closes: a request/response of one byte.
	 * @return the handler
	 */
	static ConnectionHandler echoBytes() {
		return (socket) -> {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			int b;
			while ((b = in.read()) >= 0) {
				out.write(b);
				out.flush();
			}
		};
	}

	/**
	 * Reads and discards everything until the client closes: a sink for bulk transfers.
	 * @return the handler
	 */
	static ConnectionHandler discard() {
		return (socket) -> {
			byte[] buffer = new byte[64 * 1024];
			InputStream in = socket.getInputStream();
			while (in.read(buffer) >= 0) {
				// discard
			}
		};
	}

}
