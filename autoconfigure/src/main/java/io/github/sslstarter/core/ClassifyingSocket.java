package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The socket the factories return: the JSSE (or Conscrypt) socket behind it, with every method
 * delegated, so that it is still an {@link SSLSocket} to whoever casts it. What it adds:
 * <ul>
 * <li>a failure of its first reads and writes (until the first read that returns data or the
 * end of the stream) is an {@link SslConnectionException}, classified by the context with what
 * its {@link ConnectionLedger} knows: a TLS 1.3 server refuses a missing client certificate only
 * after the client's handshake, on that first read. A read timeout is passed on as it is (the
 * connection stays usable); after the first read, failures are passed on as they are, so that
 * the bulk path costs one field check and callers that tell a reset from a TLS failure by its
 * type keep doing so;</li>
 * <li>a handshake that has not run yet (an unconnected socket, the server side of a sniffed
 * socket) runs on {@link #startHandshake()}, {@link #getSession()} or the first read or write
 * as the factories run theirs ({@code Handshakes.run}): under the handshake deadline,
 * classified, reported to the listener, recorded in the ledger. The socket's read timeout is
 * left as it was.</li>
 * </ul>
 * The ledger and the session cache know the socket behind it, which is the one JSSE hands to
 * the trust and key managers; the ledger accepts either.
 */
final class ClassifyingSocket extends SSLSocket {

	private final SslContextFactory factory;

	private final HandshakeListener listener;

	private final SSLSocket delegate;

	private final Socket underlying;

	private final String verifyName;

	private final Object handshakeLock = new Object();

	private final Map<HandshakeCompletedListener, HandshakeCompletedListener> listeners = new HashMap<>();

	private volatile String host;

	private volatile int port;

	private volatile boolean handshaken;

	private volatile SslConnectionException handshakeFailure;

	// once the first read has returned, failures are no longer classified; a plain field: a
	// stale read of it only classifies once more
	private boolean settled;

	private volatile Input input;

	private volatile Output output;

	private volatile BiFunction<SSLSocket, List<String>, String> selector;

	/**
	 * @param delegate the socket JSSE made, with its parameters applied
	 * @param underlying the plain socket {@code delegate} is layered over (which the handshake
	 * deadline closes too), or {@code null}
	 * @param host the host for messages and the resumed-session name check, or {@code null} to
	 * take it from {@link #connect(SocketAddress, int)} or the peer address
	 * @param handshaken whether the factory ran the handshake already
	 */
	ClassifyingSocket(SslContextFactory factory, HandshakeListener listener, SSLSocket delegate, Socket underlying,
			String host, int port, String verifyName, boolean handshaken) {
		this.factory = factory;
		this.listener = listener;
		this.delegate = delegate;
		this.underlying = underlying;
		this.host = host;
		this.port = port;
		this.verifyName = verifyName;
		this.handshaken = handshaken;
	}

	/** The socket JSSE knows, and the ledger too. */
	SSLSocket delegate() {
		return this.delegate;
	}

	/** Runs the handshake the way the factories do, unless it has run. */
	void handshake() throws IOException {
		if (this.handshaken) {
			SslConnectionException failure = this.handshakeFailure;
			if (failure != null) {
				throw failure;
			}
			return;
		}
		synchronized (this.handshakeLock) {
			if (this.handshaken) {
				handshake();
				return;
			}
			int readTimeout = this.delegate.getSoTimeout();
			try {
				Handshakes.run(this.factory, this.listener, this.delegate, this.underlying, host(), port(),
						this.verifyName);
				this.delegate.setSoTimeout(readTimeout);
			}
			catch (SslConnectionException ex) {
				this.handshakeFailure = ex;
				throw ex;
			}
			finally {
				this.handshaken = true;
			}
		}
	}

	private String host() {
		String host = this.host;
		if (host == null) {
			InetAddress address = this.delegate.getInetAddress();
			host = (address != null) ? address.getHostAddress() : "unconnected";
		}
		return host;
	}

	private int port() {
		return (this.port > 0) ? this.port : this.delegate.getPort();
	}

	/** A failure of a first read or write, classified; a timeout as it is. */
	private IOException failed(IOException failure) {
		if (failure instanceof SslConnectionException || failure instanceof InterruptedIOException) {
			return failure;
		}
		return this.factory.classify(this.delegate, failure, HostNames.peer(host(), port()), false);
	}

	@Override
	public void startHandshake() throws IOException {
		if (!this.handshaken) {
			handshake();
			return;
		}
		try {
			this.delegate.startHandshake();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	@Override
	public SSLSession getSession() {
		if (!this.handshaken && this.delegate.isConnected() && !this.delegate.isClosed()) {
			try {
				handshake();
			}
			catch (IOException ex) {
				// recorded in the ledger and reported; JSSE's answer for a failed handshake is its invalid session
			}
		}
		return this.delegate.getSession();
	}

	@Override
	public InputStream getInputStream() throws IOException {
		failIfHandshakeFailed();
		InputStream raw = this.delegate.getInputStream();
		Input in = this.input;
		if (in == null || in.raw != raw) {
			in = new Input(raw);
			this.input = in;
		}
		return in;
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		failIfHandshakeFailed();
		OutputStream raw = this.delegate.getOutputStream();
		Output out = this.output;
		if (out == null || out.raw != raw) {
			out = new Output(raw);
			this.output = out;
		}
		return out;
	}

	// a socket whose handshake failed is closed: its streams say why, not just "Socket is closed"
	private void failIfHandshakeFailed() throws SslConnectionException {
		SslConnectionException failure = this.handshakeFailure;
		if (failure != null) {
			throw failure;
		}
	}

	/** Reads of the socket: classified until the first one returns. */
	private final class Input extends InputStream {

		private final InputStream raw;

		Input(InputStream raw) {
			this.raw = raw;
		}

		@Override
		public int read() throws IOException {
			if (ClassifyingSocket.this.settled) {
				return this.raw.read();
			}
			handshake();
			try {
				int read = this.raw.read();
				ClassifyingSocket.this.settled = true;
				return read;
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (ClassifyingSocket.this.settled) {
				return this.raw.read(buffer, offset, length);
			}
			handshake();
			try {
				int read = this.raw.read(buffer, offset, length);
				if (read != 0) {
					ClassifyingSocket.this.settled = true;
				}
				return read;
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public long skip(long n) throws IOException {
			if (ClassifyingSocket.this.settled) {
				return this.raw.skip(n);
			}
			handshake();
			try {
				return this.raw.skip(n);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public int available() throws IOException {
			return this.raw.available();
		}

		@Override
		public void close() throws IOException {
			this.raw.close();
		}

	}

	/** Writes of the socket: classified until the first read returns. */
	private final class Output extends OutputStream {

		private final OutputStream raw;

		Output(OutputStream raw) {
			this.raw = raw;
		}

		@Override
		public void write(int b) throws IOException {
			if (ClassifyingSocket.this.settled) {
				this.raw.write(b);
				return;
			}
			handshake();
			try {
				this.raw.write(b);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			if (ClassifyingSocket.this.settled) {
				this.raw.write(buffer, offset, length);
				return;
			}
			handshake();
			try {
				this.raw.write(buffer, offset, length);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void flush() throws IOException {
			if (ClassifyingSocket.this.settled) {
				this.raw.flush();
				return;
			}
			try {
				this.raw.flush();
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void close() throws IOException {
			this.raw.close();
		}

	}

	// what follows only delegates

	@Override
	public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
		if (listener == null) {
			this.delegate.addHandshakeCompletedListener(null);
			return;
		}
		// the listener sees this socket as the event's source, not the one behind it
		HandshakeCompletedListener adapter = (event) -> listener
			.handshakeCompleted(new HandshakeCompletedEvent(this, event.getSession()));
		synchronized (this.listeners) {
			this.delegate.addHandshakeCompletedListener(adapter);
			HandshakeCompletedListener replaced = this.listeners.put(listener, adapter);
			if (replaced != null) {
				this.delegate.removeHandshakeCompletedListener(replaced);
			}
		}
	}

	@Override
	public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
		synchronized (this.listeners) {
			HandshakeCompletedListener adapter = (listener != null) ? this.listeners.remove(listener) : null;
			this.delegate.removeHandshakeCompletedListener((adapter != null) ? adapter : listener);
		}
	}

	@Override
	public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
		this.selector = selector;
		this.delegate.setHandshakeApplicationProtocolSelector(
				(selector != null) ? (socket, protocols) -> selector.apply(this, protocols) : null);
	}

	@Override
	public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
		return this.selector;
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		connect(endpoint, 0);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		this.delegate.connect(endpoint, timeout);
		if (this.host == null && endpoint instanceof InetSocketAddress address) {
			this.host = address.getHostString();
			this.port = address.getPort();
		}
	}

	@Override
	public void bind(SocketAddress bindpoint) throws IOException {
		this.delegate.bind(bindpoint);
	}

	@Override
	public InetAddress getInetAddress() {
		return this.delegate.getInetAddress();
	}

	@Override
	public InetAddress getLocalAddress() {
		return this.delegate.getLocalAddress();
	}

	@Override
	public int getPort() {
		return this.delegate.getPort();
	}

	@Override
	public int getLocalPort() {
		return this.delegate.getLocalPort();
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.delegate.getRemoteSocketAddress();
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.delegate.getLocalSocketAddress();
	}

	@Override
	public SocketChannel getChannel() {
		return this.delegate.getChannel();
	}

	@Override
	public void setTcpNoDelay(boolean on) throws SocketException {
		this.delegate.setTcpNoDelay(on);
	}

	@Override
	public boolean getTcpNoDelay() throws SocketException {
		return this.delegate.getTcpNoDelay();
	}

	@Override
	public void setSoLinger(boolean on, int linger) throws SocketException {
		this.delegate.setSoLinger(on, linger);
	}

	@Override
	public int getSoLinger() throws SocketException {
		return this.delegate.getSoLinger();
	}

	@Override
	public void sendUrgentData(int data) throws IOException {
		this.delegate.sendUrgentData(data);
	}

	@Override
	public void setOOBInline(boolean on) throws SocketException {
		this.delegate.setOOBInline(on);
	}

	@Override
	public boolean getOOBInline() throws SocketException {
		return this.delegate.getOOBInline();
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		this.delegate.setSoTimeout(timeout);
	}

	@Override
	public int getSoTimeout() throws SocketException {
		return this.delegate.getSoTimeout();
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		this.delegate.setSendBufferSize(size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return this.delegate.getSendBufferSize();
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		this.delegate.setReceiveBufferSize(size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return this.delegate.getReceiveBufferSize();
	}

	@Override
	public void setKeepAlive(boolean on) throws SocketException {
		this.delegate.setKeepAlive(on);
	}

	@Override
	public boolean getKeepAlive() throws SocketException {
		return this.delegate.getKeepAlive();
	}

	@Override
	public void setTrafficClass(int tc) throws SocketException {
		this.delegate.setTrafficClass(tc);
	}

	@Override
	public int getTrafficClass() throws SocketException {
		return this.delegate.getTrafficClass();
	}

	@Override
	public void setReuseAddress(boolean on) throws SocketException {
		this.delegate.setReuseAddress(on);
	}

	@Override
	public boolean getReuseAddress() throws SocketException {
		return this.delegate.getReuseAddress();
	}

	@Override
	public void close() throws IOException {
		this.delegate.close();
	}

	@Override
	public void shutdownInput() throws IOException {
		this.delegate.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.delegate.shutdownOutput();
	}

	@Override
	public boolean isConnected() {
		return this.delegate.isConnected();
	}

	@Override
	public boolean isBound() {
		return this.delegate.isBound();
	}

	@Override
	public boolean isClosed() {
		return this.delegate.isClosed();
	}

	@Override
	public boolean isInputShutdown() {
		return this.delegate.isInputShutdown();
	}

	@Override
	public boolean isOutputShutdown() {
		return this.delegate.isOutputShutdown();
	}

	@Override
	public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
		this.delegate.setPerformancePreferences(connectionTime, latency, bandwidth);
	}

	@Override
	public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
		this.delegate.setOption(name, value);
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		return this.delegate.getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.delegate.supportedOptions();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.delegate.getSupportedCipherSuites();
	}

	@Override
	public String[] getEnabledCipherSuites() {
		return this.delegate.getEnabledCipherSuites();
	}

	@Override
	public void setEnabledCipherSuites(String[] suites) {
		this.delegate.setEnabledCipherSuites(suites);
	}

	@Override
	public String[] getSupportedProtocols() {
		return this.delegate.getSupportedProtocols();
	}

	@Override
	public String[] getEnabledProtocols() {
		return this.delegate.getEnabledProtocols();
	}

	@Override
	public void setEnabledProtocols(String[] protocols) {
		this.delegate.setEnabledProtocols(protocols);
	}

	@Override
	public SSLSession getHandshakeSession() {
		return this.delegate.getHandshakeSession();
	}

	@Override
	public void setUseClientMode(boolean mode) {
		this.delegate.setUseClientMode(mode);
	}

	@Override
	public boolean getUseClientMode() {
		return this.delegate.getUseClientMode();
	}

	@Override
	public void setNeedClientAuth(boolean need) {
		this.delegate.setNeedClientAuth(need);
	}

	@Override
	public boolean getNeedClientAuth() {
		return this.delegate.getNeedClientAuth();
	}

	@Override
	public void setWantClientAuth(boolean want) {
		this.delegate.setWantClientAuth(want);
	}

	@Override
	public boolean getWantClientAuth() {
		return this.delegate.getWantClientAuth();
	}

	@Override
	public void setEnableSessionCreation(boolean flag) {
		this.delegate.setEnableSessionCreation(flag);
	}

	@Override
	public boolean getEnableSessionCreation() {
		return this.delegate.getEnableSessionCreation();
	}

	@Override
	public SSLParameters getSSLParameters() {
		return this.delegate.getSSLParameters();
	}

	@Override
	public void setSSLParameters(SSLParameters parameters) {
		this.delegate.setSSLParameters(parameters);
	}

	@Override
	public String getApplicationProtocol() {
		return this.delegate.getApplicationProtocol();
	}

	@Override
	public String getHandshakeApplicationProtocol() {
		return this.delegate.getHandshakeApplicationProtocol();
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
