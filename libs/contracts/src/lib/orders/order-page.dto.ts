import { ApiProperty } from '@nestjs/swagger';
import { OrderDto } from './order.dto';

export class OrderPageDto {
  @ApiProperty({ type: OrderDto, isArray: true, description: 'Newest first.' })
  items!: OrderDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next (older) page; null on the last page.',
  })
  nextCursor!: string | null;
}
