import { Module } from '@nestjs/common';
import { JourneyPageController } from './journey-page.controller';
import { PageFeaturesController } from './page-features.controller';

/** Page routes that are not plain files (the static pages are served by main.ts). */
@Module({ controllers: [JourneyPageController, PageFeaturesController] })
export class WebModule {}
