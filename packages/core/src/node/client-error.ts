/**
 * What node:http's `clientError` becomes: requests its parser refuses are answered with Bolt's fixed
 * bodies (431, 408, 400) and closed, except bytes that follow a request which ends its connection.
 */
import type { Socket } from 'node:net';
import { errorResponse } from '../http/error-response.js';

function writeRaw(socket: Socket, status: number, reason: string): void {
  const text = errorResponse(status).body as string;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

/**
 * The `clientError` listener. `answering(socket)` tells whether a response on that connection is
 * still being produced.
 */
export function onClientError(
  answering: (socket: Socket) => boolean,
): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'HPE_CLOSED_CONNECTION' && answering(socket)) {
      // Bytes after a `Connection: close` or HTTP/1.0 request: they are not a request to answer
      // (RFC 9112 section 9.6). The answer in progress goes out, then the connection closes.
      return;
    }
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') writeRaw(socket, 431, 'Request Header Fields Too Large');
    else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') writeRaw(socket, 408, 'Request Timeout');
    else writeRaw(socket, 400, 'Bad Request');
  };
}
