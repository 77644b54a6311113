import { Controller, Get } from '@nestjs/common';
import { openApiDocument } from './openapi.js';

@Controller('v1')
export class OpenApiController {
  private readonly document = openApiDocument();

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
