import { BadRequestException, Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseWsExceptionFilter } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

/**
 * The global ValidationPipe also validates gateway messages; its 400 becomes the usual socket
 * `exception` event, with the field-level messages, instead of an opaque internal error.
 */
@Catch(BadRequestException)
export class WsValidationFilter extends BaseWsExceptionFilter {
  override catch(exception: BadRequestException, host: ArgumentsHost): void {
    const client = host.switchToWs().getClient<Socket>();
    const body = exception.getResponse() as { message?: string | string[]; fields?: object };
    const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
    client.emit('exception', { status: 'error', message, fields: body.fields ?? {} });
  }
}
