package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
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
final class ReplayingSocket extends Socket {

	private final Socket plain;

	private final InputStream input;

	ReplayingSocket(Socket plain, InputStream consumed) throws IOException {
		this.plain = plain;
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
	public InetAddress getInetAddress() {
		return this.plain.getInetAddress();
	}

	@Override
	public InetAddress getLocalAddress() {
		return this.plain.getLocalAddress();
	}

	@Override
	public int getPort() {
		return this.plain.getPort();
	}

	@Override
	public int getLocalPort() {
		return this.plain.getLocalPort();
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.plain.getRemoteSocketAddress();
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.plain.getLocalSocketAddress();
	}

	@Override
	public SocketChannel getChannel() {
		return null;
	}

	@Override
	public void setTcpNoDelay(boolean on) throws SocketException {
		this.plain.setTcpNoDelay(on);
	}

	@Override
	public boolean getTcpNoDelay() throws SocketException {
		return this.plain.getTcpNoDelay();
	}

	@Override
	public void setSoLinger(boolean on, int linger) throws SocketException {
		this.plain.setSoLinger(on, linger);
	}

	@Override
	public int getSoLinger() throws SocketException {
		return this.plain.getSoLinger();
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		this.plain.setSoTimeout(timeout);
	}

	@Override
	public int getSoTimeout() throws SocketException {
		return this.plain.getSoTimeout();
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		this.plain.setSendBufferSize(size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return this.plain.getSendBufferSize();
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		this.plain.setReceiveBufferSize(size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return this.plain.getReceiveBufferSize();
	}

	@Override
	public void setKeepAlive(boolean on) throws SocketException {
		this.plain.setKeepAlive(on);
	}

	@Override
	public boolean getKeepAlive() throws SocketException {
		return this.plain.getKeepAlive();
	}

	@Override
	public void close() throws IOException {
		this.plain.close();
	}

	@Override
	public void shutdownInput() throws IOException {
		this.plain.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.plain.shutdownOutput();
	}

	@Override
	public boolean isConnected() {
		return this.plain.isConnected();
	}

	@Override
	public boolean isBound() {
		return this.plain.isBound();
	}

	@Override
	public boolean isClosed() {
		return this.plain.isClosed();
	}

	@Override
	public boolean isInputShutdown() {
		return this.plain.isInputShutdown();
	}

	@Override
	public boolean isOutputShutdown() {
		return this.plain.isOutputShutdown();
	}

	@Override
	public String toString() {
		return this.plain.toString();
	}

}
