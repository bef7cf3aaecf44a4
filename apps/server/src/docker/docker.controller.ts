import { Controller, Get } from '@nestjs/common';
import type { DockerStatusPayload } from '@simscope/contracts';
import { DockerStatusService } from './docker-status.service.js';

@Controller('docker')
export class DockerController {
  constructor(private readonly status: DockerStatusService) {}

  @Get('status')
  getStatus(): Promise<DockerStatusPayload> {
    return this.status.status();
  }
}
