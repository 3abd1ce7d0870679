package io.github.sslstarter.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * A {@link Socket} that is a connected plain socket seen through: every method but the streams
 * is delegated to it. The streams are for the subclass to say ({@code TappedSocket} watches
 * them, {@code ReplayingSocket} replays bytes already read before them).
 */
abstract class PlainSocketView extends Socket {

	/** The plain socket, as the caller knows it. */
	protected final Socket plain;

	PlainSocketView(Socket plain) {
		this.plain = plain;
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		this.plain.connect(endpoint);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		this.plain.connect(endpoint, timeout);
	}

	@Override
	public void bind(SocketAddress bindpoint) throws IOException {
		this.plain.bind(bindpoint);
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
		return this.plain.getChannel();
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
	public void sendUrgentData(int data) throws IOException {
		this.plain.sendUrgentData(data);
	}

	@Override
	public void setOOBInline(boolean on) throws SocketException {
		this.plain.setOOBInline(on);
	}

	@Override
	public boolean getOOBInline() throws SocketException {
		return this.plain.getOOBInline();
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
	public void setTrafficClass(int tc) throws SocketException {
		this.plain.setTrafficClass(tc);
	}

	@Override
	public int getTrafficClass() throws SocketException {
		return this.plain.getTrafficClass();
	}

	@Override
	public void setReuseAddress(boolean on) throws SocketException {
		this.plain.setReuseAddress(on);
	}

	@Override
	public boolean getReuseAddress() throws SocketException {
		return this.plain.getReuseAddress();
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
	public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
		this.plain.setPerformancePreferences(connectionTime, latency, bandwidth);
	}

	@Override
	public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
		this.plain.setOption(name, value);
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		return this.plain.getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.plain.supportedOptions();
	}

	@Override
	public String toString() {
		return this.plain.toString();
	}

}
