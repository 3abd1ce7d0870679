package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

/**
 * A connected plain socket whose input starts with bytes already read from it, for a TLS socket
 * layered over it by a provider that cannot be handed those bytes
 * ({@code SSLSocketFactory.createSocket(Socket, InputStream, boolean)} is the JDK's alone).
 * Everything but the input stream is the plain socket's.
 */
final class ReplayingSocket extends PlainSocketView {

	private final InputStream input;

	ReplayingSocket(Socket plain, InputStream consumed) throws IOException {
		super(plain);
		this.input = new SequenceInputStream(consumed, plain.getInputStream());
	}

	@Override
	public InputStream getInputStream() throws IOException {
		if (this.plain.isClosed()) {
			throw new SocketException("Socket is closed");
		}
		return this.input;
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		return this.plain.getOutputStream();
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		throw new SocketException("Already connected");
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		throw new SocketException("Already connected");
	}

	@Override
	public void bind(SocketAddress bindpoint) throws IOException {
		throw new SocketException("Already bound");
	}

	@Override
	public SocketChannel getChannel() {
		return null;
	}

}
