import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';

export class PageFeaturesDto {
  @ApiProperty({ description: 'True when the fault panel and /api/operator are mounted (OPERATOR_CONTROLS=true).' })
  operatorControls!: boolean;
}

/** What the pages may show, so they never probe an endpoint that is not there. */
@ApiTags('web')
@Controller('api/features')
export class PageFeaturesController {
  constructor(private readonly config: ConfigService) {}

  @Get()
  @ApiOkResponse({ type: PageFeaturesDto })
  features(): PageFeaturesDto {
    return { operatorControls: this.config.getOrThrow<boolean>('OPERATOR_CONTROLS') };
  }
}
